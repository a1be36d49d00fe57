/**
 * Status webhooks of the WhatsApp gateways, for one ISP (the slug in the URL). Every
 * POST is stored first (tenant_wa_webhook_events, also forged or unreadable ones), then
 * verified (Cloud API: X-Hub-Signature-256 over the raw body with the app secret; Fonnte:
 * the secret in the URL), then applied in the same transaction: statuses move forward
 * only (nextStatus) and are matched on the gateway's message id — or, for the Cloud API,
 * on RRNet's own id echoed in biz_opaque_callback_data, which is how a send whose answer
 * was lost still gets its provider id. A replay or a duplicate changes nothing.
 * Applying is one indexed UPDATE per status, so it is done inline rather than queued: a
 * failure answers 5xx and the gateway retries (Meta for days, Fonnte up to 15 times).
 * Fonnte statuses for an id not known yet (the send's answer is still being recorded)
 * answer 409 so Fonnte tries again. A subscriber's own message (Cloud API `messages`)
 * goes to the inbound listeners (inbound_hooks.ts: tickets) in the same transaction.
 */
import { AppError } from '@rrnet/contracts';
import type { WaGateway, WaMessageStatus } from '@rrnet/contracts';
import type { Sql, TenantTx } from '@rrnet/db';
import { withTenant } from '@rrnet/db';
import { cloudVerificationChallenge, parseCloudInboundMessages, parseCloudStatuses, parseFonnteStatus, verifyCloudSignature, verifyFonnteSecret } from '@rrnet/whatsapp';
import type { StatusUpdate } from '@rrnet/whatsapp';
import { nextStatus } from './delivery_rules';
import { emitInboundMessage } from './inbound_hooks';
import type { NotificationServices } from './services';
import { lockOutbox } from './outbox';
import { webhookCredentials } from './settings';

export interface WebhookRequest {
  rawBody: string;
  /** X-Hub-Signature-256 */
  signature: string | null;
  query: URLSearchParams;
}

export interface WebhookResult {
  status: 'applied' | 'ignored' | 'rejected';
  event_id: string;
  applied: number;
  reason?: string;
  /** rejected: how to answer */
  error_code?: 'FORBIDDEN' | 'VALIDATION_FAILED';
  /** Fonnte: retry later (the message id is not recorded yet) */
  retry?: boolean;
}

async function tenantBySlug(systemSql: Sql, slug: string): Promise<string> {
  const [t] = await systemSql<{ id: string }[]>`SELECT id FROM saas_tenants WHERE slug = ${slug}`;
  if (!t) throw new AppError('NOT_FOUND', { message: 'Unknown ISP in the webhook URL.' });
  return t.id;
}

/** GET verification of the Cloud API webhook: the challenge, or FORBIDDEN. */
export async function verifyCloudWebhook(deps: { appSql: Sql; systemSql: Sql; services: Pick<NotificationServices, 'secretBox' | 'platformDefault'> }, slug: string, query: URLSearchParams): Promise<string> {
  const tenantId = await tenantBySlug(deps.systemSql, slug);
  const creds = await withTenant(deps.appSql, { tenantId }, (tx) => webhookCredentials(tx, deps.services, 'cloud'));
  const challenge = creds?.kind === 'cloud' ? cloudVerificationChallenge(query, creds.credentials.verify_token) : null;
  if (challenge === null) throw new AppError('FORBIDDEN', { message: 'Webhook verification refused.' });
  return challenge;
}

const STATUS_COLUMN: Record<string, string> = { sent: 'sent_at', delivered: 'delivered_at', read: 'read_at', failed: 'failed_at' };

/** Applies one status update; true when it changed the message. */
export async function applyStatusUpdate(tx: TenantTx, provider: WaGateway, u: StatusUpdate): Promise<'changed' | 'unchanged' | 'unknown'> {
  const { sql } = tx;
  const [m] = u.callbackData && /^[0-9a-f-]{36}$/i.test(u.callbackData)
    ? await sql<{ id: string; status: WaMessageStatus }[]>`
        SELECT id, status FROM tenant_wa_messages WHERE provider_message_id = ${u.providerMessageId} OR (id = ${u.callbackData}::uuid AND provider_message_id IS NULL)
        ORDER BY provider_message_id IS NULL LIMIT 1 FOR UPDATE`
    : await sql<{ id: string; status: WaMessageStatus }[]>`
        SELECT id, status FROM tenant_wa_messages WHERE provider_message_id = ${u.providerMessageId} LIMIT 1 FOR UPDATE`;
  if (!m) return 'unknown';
  const next = nextStatus(m.status, u.status);
  const at = (u.at ?? new Date()).toISOString();
  const column = STATUS_COLUMN[u.status]!;
  // the provider id is kept whatever the status (a lost send answer recovered from the webhook)
  if (!next) {
    const r = await sql`UPDATE tenant_wa_messages SET provider_message_id = ${u.providerMessageId}, provider = coalesce(provider, ${provider})
                        WHERE id = ${m.id} AND provider_message_id IS NULL`;
    return r.count > 0 ? 'changed' : 'unchanged';
  }
  await sql`
    UPDATE tenant_wa_messages SET status = ${next}, provider_message_id = ${u.providerMessageId}, provider = coalesce(provider, ${provider}),
      sent_at = CASE WHEN ${next} <> 'failed' THEN coalesce(sent_at, ${at}::timestamptz) ELSE sent_at END,
      delivered_at = CASE WHEN ${column} IN ('delivered_at', 'read_at') THEN coalesce(delivered_at, ${at}::timestamptz) ELSE delivered_at END,
      read_at = CASE WHEN ${column} = 'read_at' THEN coalesce(read_at, ${at}::timestamptz) ELSE read_at END,
      failed_at = CASE WHEN ${next} = 'failed' THEN ${at}::timestamptz WHEN ${next} IN ('delivered', 'read') THEN NULL ELSE failed_at END,
      error = CASE WHEN ${next} = 'failed' THEN ${u.errorTitle ?? 'failed at the gateway'} WHEN ${next} IN ('delivered', 'read') THEN NULL ELSE error END,
      error_code = CASE WHEN ${next} = 'failed' THEN ${u.errorCode} WHEN ${next} IN ('delivered', 'read') THEN NULL ELSE error_code END
    WHERE id = ${m.id}`;
  return 'changed';
}

export async function receiveWaWebhook(
  deps: { appSql: Sql; systemSql: Sql; services: Pick<NotificationServices, 'secretBox' | 'platformDefault'> },
  provider: WaGateway,
  slug: string,
  req: WebhookRequest,
): Promise<WebhookResult> {
  const tenantId = await tenantBySlug(deps.systemSql, slug);
  let body: unknown;
  try {
    body = JSON.parse(req.rawBody);
  } catch {
    body = null;
  }
  return withTenant(deps.appSql, { tenantId }, async (tx) => {
    await lockOutbox(tx);
    const creds = await webhookCredentials(tx, deps.services, provider);
    let valid = false;
    let reason: string | null = null;
    if (!creds) reason = `no ${provider} gateway configured`;
    else if (creds.kind === 'cloud') valid = verifyCloudSignature(req.rawBody, req.signature, creds.credentials.app_secret);
    else valid = verifyFonnteSecret(req.query, creds.credentials.webhook_secret);
    if (creds && !valid) reason = provider === 'cloud' ? 'bad signature' : 'bad webhook secret';
    const updates = valid ? (provider === 'cloud' ? parseCloudStatuses(body) : (() => { const u = parseFonnteStatus(body); return body && typeof body === 'object' && 'id' in body ? (u ? [u] : []) : null; })()) : null;
    if (valid && updates === null) reason = 'not a status webhook';
    const payload = body && typeof body === 'object' ? body : { raw: req.rawBody.slice(0, 10_000) };
    const [ev] = await tx.sql<{ id: string }[]>`
      INSERT INTO tenant_wa_webhook_events (tenant_id, provider, signature_valid, payload, status, reason)
      VALUES (${tenantId}, ${provider}, ${valid}, ${JSON.stringify(payload)}::text::jsonb, ${valid && updates ? 'ignored' : 'rejected'}, ${reason})
      RETURNING id`;
    if (!valid || !updates) {
      return { status: 'rejected', event_id: ev!.id, applied: 0, reason: reason!, error_code: valid || !creds ? 'VALIDATION_FAILED' : 'FORBIDDEN' };
    }
    let applied = 0;
    let unknown = 0;
    // a subscriber writing to the ISP (Cloud API): the listeners (tickets) take it in, once per message id
    const inbound = provider === 'cloud' ? (parseCloudInboundMessages(body) ?? []) : [];
    for (const m of inbound) applied += await emitInboundMessage(tx, tenantId, m);
    for (const u of updates) {
      const r = await applyStatusUpdate(tx, provider, u);
      if (r === 'changed') applied += 1;
      if (r === 'unknown') unknown += 1;
    }
    const status = applied > 0 ? 'applied' : 'ignored';
    const why = applied > 0 ? null : unknown > 0 ? 'unknown message id' : inbound.length > 0 ? 'inbound message already taken in' : 'duplicate or out of date: nothing changed';
    await tx.sql`UPDATE tenant_wa_webhook_events SET status = ${status}, applied = ${applied}, reason = ${why} WHERE id = ${ev!.id}`;
    return { status, event_id: ev!.id, applied, ...(why ? { reason: why } : {}), ...(provider === 'fonnte' && unknown > 0 ? { retry: true } : {}) };
  });
}
