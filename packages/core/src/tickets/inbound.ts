/**
 * A subscriber's WhatsApp message to the ISP becomes a ticket, or a comment on their
 * ticket that is still open: found by the sender's number, linked to the open outage
 * affecting them (createTicket does that), taken in once per gateway message id (a
 * replayed webhook changes nothing). A number no customer has still opens a ticket, so
 * the message is not lost; staff attach the customer.
 */
import { OPEN_TICKET_STATUSES } from '@rrnet/contracts';
import type { TenantTx } from '@rrnet/db';
import type { InboundMessage } from '@rrnet/whatsapp';
import { onInboundMessage } from '../notifications/inbound_hooks';
import { addTicketComment, createTicket } from './tickets';

/** The subject of a ticket from a message: its first line, shortened. */
export function subjectFromMessage(text: string): string {
  const line = text.split('\n')[0]!.trim();
  const short = line.length > 80 ? `${line.slice(0, 77)}…` : line;
  return short.length >= 3 ? short : `WhatsApp: ${short}`;
}

export async function ticketFromWhatsApp(tx: TenantTx, _tenantId: string, m: InboundMessage): Promise<'handled' | 'duplicate'> {
  const [seen] = await tx.sql`SELECT 1 FROM tenant_ticket_comments WHERE external_id = ${m.providerMessageId}`;
  if (seen) return 'duplicate';
  const [customer] = await tx.sql<{ id: string }[]>`
    SELECT id FROM tenant_customers WHERE phone = ${m.from} AND status <> 'terminated' ORDER BY created_at DESC LIMIT 1`;
  const [open] = customer
    ? await tx.sql<{ id: string }[]>`
        SELECT id FROM tenant_tickets WHERE customer_id = ${customer.id} AND status = ANY(${[...OPEN_TICKET_STATUSES]}::text[])
        ORDER BY created_at DESC LIMIT 1`
    : [];
  const ticketId =
    open?.id ??
    (
      await createTicket(
        tx,
        null,
        {
          customer_id: customer?.id ?? null,
          subject: subjectFromMessage(m.text),
          description: customer ? null : `${m.profileName ?? ''} ${m.from}`.trim(),
          category: 'other',
          priority: 'normal',
        },
        'whatsapp',
      )
    ).id;
  await addTicketComment(tx, null, { id: ticketId, body: m.text, visibility: 'visible' }, true, m.providerMessageId);
  return 'handled';
}

export function registerTicketInbound(): void {
  onInboundMessage('tickets.whatsapp', ticketFromWhatsApp);
}
