/** Above a list whose personal data (phone numbers, addresses) the person's role sees masked: says so, once. */
import { Badge } from '@rrnet/ui/Badge';

export function PiiMaskedNote({ label, hint }: { label: string; hint: string }) {
  return (
    <p className="m-0 flex flex-wrap items-center gap-2 text-sm text-muted-foreground" data-testid="pii-masked">
      <Badge>{label}</Badge> {hint}
    </p>
  );
}
