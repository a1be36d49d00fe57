/**
 * A list's customer: the name, linked to the customer's page, over the code. In a list
 * whose rows link elsewhere (an invoice, an outage) the name keeps the text colour; its
 * link sits above the row's (the column is `interactive`, lib/customer_column.ts).
 */
import Link from 'next/link';

export interface CustomerRef {
  id: string;
  name: string;
  /** the customer's code, or what else identifies them in this list (the PPPoE username) */
  code: string;
}

export function CustomerCell({ customer, rowLinked = false, testId }: { customer: CustomerRef; rowLinked?: boolean; testId?: string }) {
  return (
    <div className="grid">
      <Link href={`/customers/${customer.id}`} className={rowLinked ? 'font-medium text-foreground hover:underline' : 'font-medium text-primary hover:underline'} data-testid={testId}>
        {customer.name}
      </Link>
      <code className="text-xs text-muted-foreground">{customer.code}</code>
    </div>
  );
}
