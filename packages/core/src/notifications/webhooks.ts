/**
 * Status webhooks of the WhatsApp gateways, for one ISP (the slug in the URL). Every
 * POST is stored (tenant_wa_webhook_events, also forged or unreadable ones, in the
 * transaction that applies it), verified (Cloud API: X-Hub-Signature-256 over the raw body with the app secret; Fonnte:
 * the secret in the URL), then applied in the same transaction: statuses move forward
 * only (nextStatus) and are matched on the gateway's message id — or, for the Cloud API,
 * on RRNet's own id echoed in biz_opaque_callback_data, which is how a send whose answer
 * was lost still gets its provider id. A replay or a duplicate changes nothing.
 * Applying is cheap (POSTs arriving together share one transaction: one SELECT … FOR
 * UPDATE and one UPDATE for the batch), so it is done inline rather than queued: a
 * failure answers 5xx and the gateway retries (Meta for days, Fonnte up to 15 times).
 * Fonnte statuses for an id not known yet (the send's answer is still being recorded)
 * answer 409 so Fonnte tries again. A subscriber's own message (Cloud API `messages`)
 * goes to the inbound listeners (inbound_hooks.ts: tickets) in the same transaction.
 */
import { randomUUID } from 'node:crypto';
import { AppError, serverMessage } from '@rrnet/contracts';
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

/** slug → tenant id of the ISPs seen lately (a slug never changes; unknown slugs are not kept), per pool */
const SLUG_TTL_MS = 60_000;
const slugCache = new WeakMap<Sql, Map<string, { id: string; until: number }>>();

async function tenantBySlug(systemSql: Sql, slug: string): Promise<string> {
  let cache = slugCache.get(systemSql);
  if (!cache) slugCache.set(systemSql, (cache = new Map()));
  const hit = cache.get(slug);
  if (hit && hit.until > Date.now()) return hit.id;
  const [t] = await systemSql<{ id: string }[]>`SELECT id FROM saas_tenants WHERE slug = ${slug}`;
  if (!t) throw new AppError('NOT_FOUND', { message: serverMessage('webhook_unknown_isp') });
  if (cache.size > 10_000) cache.clear();
  cache.set(slug, { id: t.id, until: Date.now() + SLUG_TTL_MS });
  return t.id;
}

/** GET verification of the Cloud API webhook: the challenge, or FORBIDDEN. */
export async function verifyCloudWebhook(deps: { appSql: Sql; systemSql: Sql; services: Pick<NotificationServices, 'secretBox' | 'platformDefault'> }, slug: string, query: URLSearchParams): Promise<string> {
  const tenantId = await tenantBySlug(deps.systemSql, slug);
  const creds = await withTenant(deps.appSql, { tenantId }, (tx) => webhookCredentials(tx, deps.services, 'cloud'));
  const challenge = creds?.kind === 'cloud' ? cloudVerificationChallenge(query, creds.credentials.verify_token) : null;
  if (challenge === null) throw new AppError('FORBIDDEN', { message: serverMessage('webhook_refused') });
  return challenge;
}

const STATUS_COLUMN: Record<string, string> = { sent: 'sent_at', delivered: 'delivered_at', read: 'read_at', failed: 'failed_at' };

type WebhookDeps = { appSql: Sql; systemSql: Sql; services: Pick<NotificationServices, 'secretBox' | 'platformDefault'> };

/** A message row as the batch sees it while applying statuses in order (what the UPDATE then writes). */
interface MessageState {
  id: string;
  status: WaMessageStatus;
  provider: string | null;
  provider_message_id: string | null;
  has_sent: boolean;
  has_delivered: boolean;
  has_read: boolean;
  /** what the batch changed: only these columns are written */
  touched: boolean;
  status_changed: boolean;
  sent_at: string | null;
  delivered_at: string | null;
  read_at: string | null;
  /** failed_at, error and error_code are written together: set (failed) or cleared (delivered/read) */
  failure: { at: string | null; error: string | null; code: string | null } | null;
}

/**
 * applyStatusUpdate for a whole batch, in order, against the rows locked once: the same
 * matching (the gateway's id first, else RRNet's id echoed while no provider id is known),
 * the same forward-only moves, then one UPDATE for every message that changed.
 */
async function applyStatusUpdates(
  tx: TenantTx,
  provider: WaGateway,
  updates: StatusUpdate[],
): Promise<{ outcomes: ('changed' | 'unchanged' | 'unknown')[]; written: Promise<unknown> }> {
  if (updates.length === 0) return { outcomes: [], written: Promise.resolve() };
  const { sql } = tx;
  const providerIds = [...new Set(updates.map((u) => u.providerMessageId))];
  const callbackIds = [...new Set(updates.flatMap((u) => (u.callbackData && /^[0-9a-f-]{36}$/i.test(u.callbackData) ? [u.callbackData.toLowerCase()] : [])))];
  const rows = await sql<{ id: string; status: WaMessageStatus; provider: string | null; provider_message_id: string | null; has_sent: boolean; has_delivered: boolean; has_read: boolean }[]>`
    SELECT id, status, provider, provider_message_id, sent_at IS NOT NULL AS has_sent, delivered_at IS NOT NULL AS has_delivered, read_at IS NOT NULL AS has_read
    FROM tenant_wa_messages
    WHERE provider_message_id = ANY(${providerIds}::text[]) OR (id = ANY(${callbackIds}::uuid[]) AND provider_message_id IS NULL)
    ORDER BY id FOR UPDATE`;
  const states: MessageState[] = rows.map((r) => ({ ...r, touched: false, status_changed: false, sent_at: null, delivered_at: null, read_at: null, failure: null }));
  const outcomes = updates.map((u) => {
    const cb = u.callbackData && /^[0-9a-f-]{36}$/i.test(u.callbackData) ? u.callbackData.toLowerCase() : null;
    const m = states.find((s) => s.provider_message_id === u.providerMessageId) ?? (cb ? states.find((s) => s.id === cb && s.provider_message_id === null) : undefined);
    if (!m) return 'unknown' as const;
    const next = nextStatus(m.status, u.status);
    if (!next) {
      if (m.provider_message_id !== null) return 'unchanged' as const;
      m.provider_message_id = u.providerMessageId;
      m.provider ??= provider;
      m.touched = true;
      return 'changed' as const;
    }
    const at = (u.at ?? new Date()).toISOString();
    const column = STATUS_COLUMN[u.status]!;
    m.status = next;
    m.status_changed = true;
    m.provider_message_id = u.providerMessageId;
    m.provider ??= provider;
    m.touched = true;
    if (next !== 'failed' && !m.has_sent) [m.has_sent, m.sent_at] = [true, at];
    if ((column === 'delivered_at' || column === 'read_at') && !m.has_delivered) [m.has_delivered, m.delivered_at] = [true, at];
    if (column === 'read_at' && !m.has_read) [m.has_read, m.read_at] = [true, at];
    if (next === 'failed') m.failure = { at, error: u.errorTitle ?? 'failed at the gateway', code: u.errorCode };
    else if (next === 'delivered' || next === 'read') m.failure = { at: null, error: null, code: null };
    return 'changed' as const;
  });
  const changed = states.filter((s) => s.touched);
  if (changed.length > 0) {
    const values = changed.map((m) => ({
      id: m.id, status_changed: m.status_changed, status: m.status, provider_message_id: m.provider_message_id, provider: m.provider,
      sent_at: m.sent_at, delivered_at: m.delivered_at, read_at: m.read_at,
      failure_set: m.failure !== null, failed_at: m.failure?.at ?? null, error: m.failure?.error ?? null, error_code: m.failure?.code ?? null,
    }));
    // sent now, awaited by the caller with what it writes next (one round trip for both)
    const written = sql`
      UPDATE tenant_wa_messages m SET
        status = CASE WHEN v.status_changed THEN v.status ELSE m.status END,
        provider_message_id = v.provider_message_id, provider = coalesce(m.provider, v.provider),
        sent_at = coalesce(m.sent_at, v.sent_at), delivered_at = coalesce(m.delivered_at, v.delivered_at), read_at = coalesce(m.read_at, v.read_at),
        failed_at = CASE WHEN v.failure_set THEN v.failed_at ELSE m.failed_at END,
        error = CASE WHEN v.failure_set THEN v.error ELSE m.error END,
        error_code = CASE WHEN v.failure_set THEN v.error_code ELSE m.error_code END
      FROM jsonb_to_recordset(${JSON.stringify(values)}::text::jsonb)
        AS v(id uuid, status_changed boolean, status text, provider_message_id text, provider text, sent_at timestamptz, delivered_at timestamptz, read_at timestamptz,
             failure_set boolean, failed_at timestamptz, error text, error_code text)
      WHERE m.id = v.id`.execute();
    written.catch(() => {}); // awaited by the caller; this only keeps a failure meanwhile from going unhandled
    return { outcomes, written };
  }
  return { outcomes, written: Promise.resolve() };
}

/**
 * Webhook POSTs of one ISP and gateway are taken in batches: while one batch's
 * transaction runs, the POSTs arriving meanwhile wait and go together in the next (one
 * outbox lock, one credentials lookup, one INSERT of the events, one UPDATE of the
 * messages — a gateway posting a status per message per step otherwise costs a
 * transaction each). Each POST still gets its own answer. A batch that fails is retried
 * POST by POST, so one bad POST cannot fail the others.
 *
 * The first POST after a quiet spell waits WEBHOOK_LINGER_MS for the ones right behind it:
 * a drain's batch goes out at once, so its statuses arrive together, a few ms apart (without
 * the wait bench:notifications measured ~4 POSTs per transaction; the gateways do not mind
 * an answer 20 ms later).
 */
const WEBHOOK_BATCH_MAX = 200;
export const WEBHOOK_LINGER_MS = 20;
interface PendingWebhook {
  req: WebhookRequest;
  resolve: (r: WebhookResult) => void;
  reject: (err: unknown) => void;
}
const webhookQueues = new WeakMap<Sql, Map<string, PendingWebhook[]>>();

export function receiveWaWebhook(deps: WebhookDeps, provider: WaGateway, slug: string, req: WebhookRequest): Promise<WebhookResult> {
  let queues = webhookQueues.get(deps.appSql);
  if (!queues) webhookQueues.set(deps.appSql, (queues = new Map()));
  const key = `${provider}:${slug}`;
  return new Promise<WebhookResult>((resolve, reject) => {
    const waiting = queues.get(key);
    if (waiting) return void waiting.push({ req, resolve, reject });
    const pending: PendingWebhook[] = [{ req, resolve, reject }];
    queues.set(key, pending);
    void (async () => {
      await new Promise((r) => setTimeout(r, WEBHOOK_LINGER_MS));
      while (pending.length > 0) {
        const batch = pending.splice(0, WEBHOOK_BATCH_MAX);
        try {
          const results = await receiveWebhookBatch(deps, provider, slug, batch.map((b) => b.req));
          batch.forEach((b, i) => b.resolve(results[i]!));
        } catch (err) {
          if (batch.length === 1) batch[0]!.reject(err);
          else {
            for (const b of batch) {
              await receiveWebhookBatch(deps, provider, slug, [b.req]).then(
                (r) => b.resolve(r[0]!),
                (e: unknown) => b.reject(e),
              );
            }
          }
        }
      }
      queues.delete(key);
    })();
  });
}

async function receiveWebhookBatch(deps: WebhookDeps, provider: WaGateway, slug: string, reqs: WebhookRequest[]): Promise<WebhookResult[]> {
  const tenantId = await tenantBySlug(deps.systemSql, slug);
  const bodies = reqs.map((req) => {
    try {
      return JSON.parse(req.rawBody) as unknown;
    } catch {
      return null;
    }
  });
  return withTenant(deps.appSql, { tenantId }, async (tx) => {
    // the lock and the credentials: one round trip (the lock runs first)
    const [, creds] = await Promise.all([lockOutbox(tx), webhookCredentials(tx, deps.services, provider)]);
    const parsed = reqs.map((req, i) => {
      const body = bodies[i];
      let valid = false;
      let reason: string | null = null;
      if (!creds) reason = `no ${provider} gateway configured`;
      else if (creds.kind === 'cloud') valid = verifyCloudSignature(req.rawBody, req.signature, creds.credentials.app_secret);
      else valid = verifyFonnteSecret(req.query, creds.credentials.webhook_secret);
      if (creds && !valid) reason = provider === 'cloud' ? 'bad signature' : 'bad webhook secret';
      const updates = valid ? (provider === 'cloud' ? parseCloudStatuses(body) : (() => { const u = parseFonnteStatus(body); return body && typeof body === 'object' && 'id' in body ? (u ? [u] : []) : null; })()) : null;
      if (valid && updates === null) reason = 'not a status webhook';
      const payload = body && typeof body === 'object' ? body : { raw: req.rawBody.slice(0, 10_000) };
      return { id: randomUUID(), body, valid, reason, updates, payload };
    });
    // the statuses of the whole batch in arrival order, then each POST's share of the outcomes
    const { outcomes, written } = await applyStatusUpdates(tx, provider, parsed.flatMap((p) => (p.valid && p.updates ? p.updates : [])));
    let next = 0;
    const events: { id: string; valid: boolean; payload: unknown; status: WebhookResult['status']; reason: string | null; applied: number }[] = [];
    const results: WebhookResult[] = [];
    for (const p of parsed) {
      if (!p.valid || !p.updates) {
        events.push({ id: p.id, valid: p.valid, payload: p.payload, status: 'rejected', reason: p.reason, applied: 0 });
        results.push({ status: 'rejected', event_id: p.id, applied: 0, reason: p.reason!, error_code: p.valid || !creds ? 'VALIDATION_FAILED' : 'FORBIDDEN' });
        continue;
      }
      let applied = 0;
      let unknown = 0;
      // a subscriber writing to the ISP (Cloud API): the listeners (tickets) take it in, once per message id
      const inbound = provider === 'cloud' ? (parseCloudInboundMessages(p.body) ?? []) : [];
      for (const m of inbound) applied += await emitInboundMessage(tx, tenantId, m);
      for (const r of outcomes.slice(next, next + p.updates.length)) {
        if (r === 'changed') applied += 1;
        if (r === 'unknown') unknown += 1;
      }
      next += p.updates.length;
      const status = applied > 0 ? 'applied' : 'ignored';
      const why = applied > 0 ? null : unknown > 0 ? 'unknown message id' : inbound.length > 0 ? 'inbound message already taken in' : 'duplicate or out of date: nothing changed';
      events.push({ id: p.id, valid: true, payload: p.payload, status, reason: why, applied });
      results.push({ status, event_id: p.id, applied, ...(why ? { reason: why } : {}), ...(provider === 'fonnte' && unknown > 0 ? { retry: true } : {}) });
    }
    // every POST stored (also forged or unreadable ones), with what became of it, in one statement
    await Promise.all([
      written,
      tx.sql`
        INSERT INTO tenant_wa_webhook_events (tenant_id, id, provider, signature_valid, payload, status, reason, applied)
        SELECT ${tenantId}::uuid, e.id, ${provider}, e.valid, e.payload, e.status, e.reason, e.applied
        FROM jsonb_to_recordset(${JSON.stringify(events)}::text::jsonb) AS e(id uuid, valid boolean, payload jsonb, status text, reason text, applied int)`,
    ]);
    return results;
  });
}
