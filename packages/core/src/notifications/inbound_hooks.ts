/**
 * Subscribers' messages to the ISP's WhatsApp number: the webhook (webhooks.ts) verifies
 * and parses them, then hands each to whoever listens (tickets turn them into a ticket or
 * a comment on the open one), in the webhook's transaction. Notifications never import
 * the listeners: they register here.
 */
import type { TenantTx } from '@rrnet/db';
import type { InboundMessage } from '@rrnet/whatsapp';

export type InboundHandler = (tx: TenantTx, tenantId: string, message: InboundMessage) => Promise<'handled' | 'duplicate' | 'ignored'>;

const handlers = new Map<string, InboundHandler>();

export function onInboundMessage(name: string, handler: InboundHandler): void {
  handlers.set(name, handler);
}

/** How many listeners took the message in (a replayed one: 0). */
export async function emitInboundMessage(tx: TenantTx, tenantId: string, message: InboundMessage): Promise<number> {
  let handled = 0;
  for (const handler of handlers.values()) if ((await handler(tx, tenantId, message)) === 'handled') handled += 1;
  return handled;
}
