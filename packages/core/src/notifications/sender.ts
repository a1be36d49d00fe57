/**
 * The drain: one `wa_notifications` job per ISP at a time (named queue `wa:<tenant>`)
 * sends one batch of due messages and queues itself again for what is left.
 *
 * A batch, in order (the limiter's window is read first, outside any transaction: a
 * drain that finds it used up — most wake-ups of a busy ISP — only queues itself again):
 *  1. `sending` rows whose lease ran out are resolved (decideStale): Cloud API ones with
 *     no status webhook are queued again, Fonnte ones fail as "outcome unknown" — never
 *     resent blindly;
 *  2. the plan's monthly quota: none left → every due message fails `quota_exceeded`
 *     (visible in the log) and the ISP is flagged (tenant_settings.wa_quota_exceeded_at);
 *  3. quiet hours in the ISP's timezone hold back non-urgent messages until they end;
 *  4. recipient spacing: a number that got a message less than 6 s ago waits (Cloud API
 *     error 131056), and a batch takes at most one message per number;
 *  5. the `wa_messages` limiter (10/s per ISP, a window per second of the clock): the batch
 *     is at most what this second has left, and a drain that takes the last runs next when
 *     the next second starts; the claim (queued → sending, attempt counted, gateway
 *     recorded) commits before any gateway is called;
 *  6. the batch is sent concurrently through the gateway's breaker; an open breaker
 *     sends through the fallback gateway if the ISP has one, else the message waits;
 *  7. outcomes recorded (decideAfterError; the sent ones in one statement, with the next
 *     run planned in the same transaction): sent with the provider's id, retried after
 *     the normal class's 60 s, rescheduled (rate limit, open breaker), failed (with a
 *     dead letter when it used its attempts on gateway faults), or left `sending` when
 *     the gateway may have it.
 */
import type { WaLanguage } from '@rrnet/contracts';
import type { TenantTx } from '@rrnet/db';
import { WhatsAppError, isWhatsAppError } from '@rrnet/whatsapp';
import type { GatewayCredentials, OutboundMessage } from '@rrnet/whatsapp';
import { RECIPIENT_SPACING_MS, SENDING_LEASE_MS, decideAfterError, decideStale, inQuietHours, localMinutes, notBefore, quotaAllowance } from './delivery_rules';
import { loadWaConfig, lockOutbox, queueDrain } from './outbox';
import { buildGateway } from './services';
import type { NotificationServices, SendOutcome } from './services';
import { resolveGateways } from './settings';
import { cloudTemplateName } from './template_rules';

export const BATCH_MAX = 10;
/** While anything is pending the drain looks again at least this often. */
export const MAX_IDLE_MS = 60_000;
/**
 * A drain whose limiter could not be asked (Redis slow or away: it answers "timeout")
 * looks again after this. Otherwise a drain that found the limiter's tokens used up runs
 * again exactly when they come back (its `reset`).
 */
export const LIMIT_RECHECK_MS = 250;
/** An ISP without any gateway: its messages wait and are looked at again after this. */
export const NO_GATEWAY_RETRY_MS = 10 * 60_000;

type Run = <T>(fn: (tx: TenantTx) => Promise<T>) => Promise<T>;

interface Claimed {
  id: string;
  to_phone: string;
  body: string;
  params: string[];
  template_code: string | null;
  language: WaLanguage;
  attempts: number;
}

export interface DrainResult {
  stale_requeued: number;
  stale_failed: number;
  over_quota: number;
  claimed: number;
  sent: number;
  failed: number;
  retried: number;
  rescheduled: number;
  unknown: number;
  /** messages that failed after using their attempts on gateway faults: the caller dead-letters them */
  dead_letters: { message_id: string; error: string }[];
  next_run_at: string | null;
}

class LimitRefused extends Error {
  constructor(readonly reset: number) {
    super('rate limit window used up');
  }
}

function toOutbound(m: Claimed): OutboundMessage {
  return {
    id: m.id,
    to: m.to_phone,
    body: m.body,
    template: { name: cloudTemplateName(m.template_code ?? 'text'), language: m.language, parameters: m.params.length > 0 ? m.params : [m.body] },
  };
}

export async function drainOutbox(run: Run, services: NotificationServices, tenantId: string): Promise<DrainResult> {
  const result: DrainResult = { stale_requeued: 0, stale_failed: 0, over_quota: 0, claimed: 0, sent: 0, failed: 0, retried: 0, rescheduled: 0, unknown: 0, dead_letters: [], next_run_at: null };
  const leaseMs = services.sendingLeaseMs ?? SENDING_LEASE_MS;
  const note = (outcome: SendOutcome, provider: string | null, n = 1) => {
    for (let i = 0; i < n; i++) services.onOutcome?.(outcome, provider, tenantId);
  };
  let limitReset: number | null = null;
  let noGateway = false;
  let gateways: { primary: GatewayCredentials | null; fallback: GatewayCredentials | null } = { primary: null, fallback: null };

  // the limiter's window first, outside any transaction: a drain that finds it used up
  // (most wake-ups of a busy ISP) goes straight to its next time. Only this ISP's drain
  // (serial) takes from its window, so what is left can only grow until the claim below.
  const window = await services.limiter.getRemaining(tenantId);
  const tokens = window.remaining;
  if (tokens <= 0) {
    // this ISP used its tokens: its drain simply looks again when they come back (one pending per ISP), nothing else to do now
    const runAt = new Date(Math.max(Date.now(), window.reset));
    await run((tx) => queueDrain(tx.sql, tenantId, runAt));
    result.next_run_at = runAt.toISOString();
    return result;
  }
  let claimed: Claimed[];
  try {
    claimed = await run(async (tx) => {
      const { sql } = tx;
      const lease = sql`make_interval(secs => ${leaseMs / 1000})`;
      const spacing = sql`make_interval(secs => ${RECIPIENT_SPACING_MS / 1000})`;
      // One round trip, in this order (each query is sent when it is awaited): the lock; 1.
      // the leases that ran out; the ISP's settings and gateways; 2. the plan's quota —
      // messages that left this month and those leaving now, not counting the leases just
      // found (each is queued again or failed below, neither counts); and how many numbers
      // have a message due that spacing (4.) does not hold back, all and urgent only.
      const [, stale, cfg, resolved, [q], [due]] = await Promise.all([
        lockOutbox(tx),
        sql<{ id: string; provider: string | null; attempts: number }[]>`
          SELECT id, provider, attempts FROM tenant_wa_messages
          WHERE status = 'sending' AND claimed_at < now() - ${lease} FOR UPDATE SKIP LOCKED`,
        loadWaConfig(tx),
        resolveGateways(tx, services),
        sql<{ max: number | null; used: number }[]>`
          SELECT (SELECT p.max_wa_messages_month FROM saas_plans p WHERE p.id = sys_tenant_plan(app_current_tenant())) AS max,
                 (SELECT count(*)::int FROM tenant_wa_messages, (SELECT timezone AS tz FROM saas_tenants WHERE id = app_current_tenant()) t
                  WHERE (status = 'sending' AND coalesce(claimed_at >= now() - ${lease}, true))
                     OR sent_at >= (date_trunc('month', now() AT TIME ZONE t.tz) AT TIME ZONE t.tz)) AS used`,
        sql<{ numbers: number; urgent_numbers: number }[]>`
          SELECT count(DISTINCT m.to_phone)::int AS numbers, count(DISTINCT m.to_phone) FILTER (WHERE m.urgent)::int AS urgent_numbers
          FROM tenant_wa_messages m
          WHERE m.status = 'queued' AND m.scheduled_at <= now()
            AND NOT EXISTS (SELECT 1 FROM tenant_wa_messages r WHERE r.to_phone = m.to_phone AND r.claimed_at > now() - ${spacing})`,
      ]);
      const requeue: string[] = [];
      const fail: { id: string; reason: string }[] = [];
      for (const s of stale) {
        const d = decideStale(s.provider, s.attempts);
        if (d.action === 'requeue') requeue.push(s.id);
        else fail.push({ id: s.id, reason: d.reason });
      }
      // the leases' outcomes, first in the next round trip
      const settled = Promise.all([
        requeue.length > 0
          ? sql`UPDATE tenant_wa_messages SET status = 'queued', scheduled_at = now(), claimed_at = NULL,
                error = 'no answer and no status from the gateway: sent again' WHERE id = ANY(${requeue}::uuid[]) AND status = 'sending'`
          : null,
        ...fail.map(
          (f) => sql`UPDATE tenant_wa_messages SET status = 'failed', failed_at = now(), error_code = 'outcome_unknown', error = ${f.reason}
                     WHERE id = ${f.id} AND status = 'sending'`,
        ),
      ]);
      settled.catch(() => {}); // awaited on every path below; this only keeps a failure meanwhile from going unhandled
      result.stale_requeued = requeue.length;
      result.stale_failed = fail.length;
      note('failed', null, fail.length);

      const allowance = quotaAllowance(q?.used ?? 0, q?.max ?? null);
      if (allowance <= 0) {
        const [over] = await Promise.all([
          sql`
            UPDATE tenant_wa_messages SET status = 'failed', failed_at = now(), error_code = 'quota_exceeded',
                   error = ${`The plan's ${q?.max ?? 0} WhatsApp messages this month are used up`}
            WHERE status = 'queued' AND scheduled_at <= now()`,
          settled,
        ]);
        result.over_quota = over.count;
        note('over_quota', null, over.count);
        if (over.count > 0) {
          await sql`UPDATE tenant_settings SET wa_quota_exceeded_at = now()
                    WHERE wa_quota_exceeded_at IS NULL OR wa_quota_exceeded_at < (date_trunc('month', now() AT TIME ZONE ${cfg.timezone}) AT TIME ZONE ${cfg.timezone})`;
        }
        return [];
      }
      gateways = resolved;
      if (!gateways.primary) {
        noGateway = true;
        await Promise.all([
          sql`UPDATE tenant_wa_messages SET error = 'no WhatsApp gateway configured for this ISP (nor a platform default): waiting'
              WHERE status = 'queued' AND scheduled_at <= now() AND error IS DISTINCT FROM 'no WhatsApp gateway configured for this ISP (nor a platform default): waiting'`,
          settled,
        ]);
        return [];
      }
      // 3. quiet hours: non-urgent messages wait for the morning
      const now = new Date();
      const quiet = inQuietHours(localMinutes(now, cfg.timezone), cfg.quiet);
      // 5. the batch: the limiter's tokens (read above), the quota, the numbers with a message due
      const k = Math.min(tokens, allowance, services.batchMax ?? BATCH_MAX, quiet ? (due?.urgent_numbers ?? 0) : (due?.numbers ?? 0));
      if (k <= 0) {
        await settled;
        return [];
      }
      // The second round trip: quiet hours, spacing and the claim (with the claimed numbers'
      // other messages spaced out), and — at the same time — the batch's tokens from the
      // limiter. A refusal rolls the claim back; the claim takes at most k, and takes fewer
      // only when a message became due or held back since the count above.
      const claiming = Promise.all([
        settled,
        quiet
          ? sql`UPDATE tenant_wa_messages SET scheduled_at = ${notBefore(now, cfg.timezone, cfg.quiet, false).toISOString()}::timestamptz
                WHERE status = 'queued' AND NOT urgent AND scheduled_at <= now()`
          : null,
        sql`
          UPDATE tenant_wa_messages m SET scheduled_at = r.last + ${spacing}
          FROM (SELECT to_phone, max(claimed_at) AS last FROM tenant_wa_messages
                WHERE claimed_at > now() - ${spacing} GROUP BY to_phone) r
          WHERE m.status = 'queued' AND m.to_phone = r.to_phone AND m.scheduled_at < r.last + ${spacing}`,
        sql<Claimed[]>`
          WITH cand AS (
            SELECT DISTINCT ON (to_phone) id, urgent, scheduled_at FROM tenant_wa_messages
            WHERE status = 'queued' AND scheduled_at <= now()
            ORDER BY to_phone, urgent DESC, scheduled_at, id
          ), pick AS MATERIALIZED (SELECT id FROM cand ORDER BY urgent DESC, scheduled_at, id LIMIT ${k}),
          claimed AS (
            UPDATE tenant_wa_messages m SET status = 'sending', claimed_at = now(), attempts = m.attempts + 1, provider = ${gateways.primary.kind}
            FROM pick WHERE m.id = pick.id AND m.status = 'queued'
            RETURNING m.id, m.to_phone, m.body, m.params, m.template_code, m.language, m.attempts
          ), spaced AS (
            -- 4. again for the numbers claimed now: their other queued messages wait 6 s
            UPDATE tenant_wa_messages m SET scheduled_at = now() + ${spacing}
            FROM (SELECT DISTINCT to_phone FROM claimed) c
            WHERE m.status = 'queued' AND m.to_phone = c.to_phone AND m.id NOT IN (SELECT id FROM pick)
              AND m.scheduled_at < now() + ${spacing}
          )
          SELECT * FROM claimed`,
      ]);
      // a limiter that could not reach Redis (down, timed out, the breaker open) throws: fail
      // open is right for requests; WhatsApp pacing fails closed instead — a burst gets
      // numbers banned, waiting costs little — and the claim rolls back
      const taking = services.limiter.limit(tenantId, { rate: k }).catch((err: unknown) => {
        services.logger.warn({ err, tenant_id: tenantId }, 'WhatsApp limiter unavailable: holding the batch (fail closed)');
        return null;
      });
      const [[, , , rows], taken] = await Promise.all([claiming, taking]);
      if (!taken) throw new LimitRefused(Date.now() + LIMIT_RECHECK_MS);
      if (!taken.success) throw new LimitRefused(taken.reset);
      // this second's last taken: the next drain waits for the next second rather than waking to find none
      if (taken.remaining <= 0) limitReset = taken.reset;
      return rows;
    });
  } catch (err) {
    if (!(err instanceof LimitRefused)) throw err;
    limitReset = err.reset;
    claimed = [];
  }
  result.claimed = claimed.length;

  // 6. send the batch
  const primary = gateways.primary;
  const fallback = gateways.fallback && gateways.fallback.kind !== primary?.kind ? gateways.fallback : null;
  const outcomes = await Promise.all(
    claimed.map(async (m) => {
      const message = toOutbound(m);
      let provider = primary!.kind as string;
      try {
        const sent = await services.breakers.protect(tenantId, buildGateway(services.endpoints, primary!)).send(message);
        return { m, provider, providerId: sent.providerMessageId, error: null };
      } catch (err) {
        if (!(isWhatsAppError(err) && err.kind === 'circuit_open' && fallback)) return { m, provider, providerId: null, error: err };
      }
      // the main gateway's breaker is open: through the fallback (recorded first: a crash then knows which gateway had it)
      provider = fallback.kind;
      await run(async (tx) => {
        await lockOutbox(tx);
        await tx.sql`UPDATE tenant_wa_messages SET provider = ${provider} WHERE id = ${m.id} AND status = 'sending'`;
      });
      try {
        const sent = await services.breakers.protect(tenantId, buildGateway(services.endpoints, fallback)).send(message);
        return { m, provider, providerId: sent.providerMessageId, error: null };
      } catch (err) {
        return { m, provider, providerId: null, error: err };
      }
    }),
  );

  // 7. record what happened — the sent ones in one statement — and 8. when to look again, in one transaction
  const next = await run(async (tx) => {
    const { sql } = tx;
    // the lock, every outcome and the next look's query: one round trip
    const writes: Promise<unknown>[] = [lockOutbox(tx)];
    const sent = outcomes.filter((o) => o.providerId);
    if (sent.length > 0) {
      // a status webhook may already have moved them on (Cloud API echoes our id): forward-only
      writes.push(sql`UPDATE tenant_wa_messages m SET status = CASE WHEN m.status IN ('queued', 'sending') THEN 'sent' ELSE m.status END,
                provider = v.provider, provider_message_id = coalesce(m.provider_message_id, v.provider_message_id),
                sent_at = coalesce(m.sent_at, now()), error = NULL, error_code = NULL
                FROM unnest(${sent.map((o) => o.m.id)}::uuid[], ${sent.map((o) => o.provider)}::text[], ${sent.map((o) => o.providerId)}::text[]) AS v(id, provider, provider_message_id)
                WHERE m.id = v.id`);
      for (const o of sent) note('sent', o.provider);
      result.sent += sent.length;
    }
    for (const o of outcomes) {
      if (o.providerId) continue;
      const err = isWhatsAppError(o.error) ? o.error : new WhatsAppError('unknown_outcome', o.error instanceof Error ? o.error.message : String(o.error));
      const message = err.message.slice(0, 500);
      const decision = decideAfterError(err.kind, o.m.attempts, services.breakers.openMs);
      switch (decision.action) {
        case 'retry':
          writes.push(sql`UPDATE tenant_wa_messages SET status = 'queued', claimed_at = NULL, error = ${message}, error_code = ${err.code ?? err.kind},
                    scheduled_at = now() + make_interval(secs => ${decision.delayMs / 1000}) WHERE id = ${o.m.id} AND status = 'sending'`);
          result.retried += 1;
          note('retry', o.provider);
          break;
        case 'reschedule':
          writes.push(sql`UPDATE tenant_wa_messages SET status = 'queued', attempts = greatest(attempts - 1, 0), claimed_at = NULL, error = ${message}, error_code = ${err.code ?? err.kind},
                    scheduled_at = now() + make_interval(secs => ${decision.delayMs / 1000}) WHERE id = ${o.m.id} AND status = 'sending'`);
          result.rescheduled += 1;
          note('rescheduled', o.provider);
          break;
        case 'fail':
          writes.push(sql`UPDATE tenant_wa_messages SET status = 'failed', failed_at = now(), error = ${message}, error_code = ${err.code ?? err.kind}
                    WHERE id = ${o.m.id} AND status = 'sending'`);
          result.failed += 1;
          if (decision.deadLetter) result.dead_letters.push({ message_id: o.m.id, error: message });
          note('failed', o.provider);
          break;
        case 'unknown':
          writes.push(sql`UPDATE tenant_wa_messages SET error = ${`${message} (waiting for the gateway's status)`}, error_code = ${err.kind} WHERE id = ${o.m.id} AND status = 'sending'`);
          result.unknown += 1;
          note('unknown', o.provider);
          break;
      }
    }

    // (a query is sent when it is awaited: the writes first, in order, then the next look's)
    const written = Promise.all(writes);
    // next: the earliest due message, a lease to look at again, the limiter's reset; at least every MAX_IDLE_MS while anything waits
    const [[n]] = await Promise.all([
      sql<{ due: Date | null; lease: Date | null }[]>`
        SELECT (SELECT min(scheduled_at) FROM tenant_wa_messages WHERE status = 'queued') AS due,
               (SELECT min(claimed_at) + make_interval(secs => ${leaseMs / 1000}) FROM tenant_wa_messages WHERE status = 'sending') AS lease`,
      written,
    ]);
    const nowMs = Date.now();
    const candidates = [n?.due, n?.lease].filter((d): d is Date => !!d).map((d) => new Date(d).getTime());
    if (candidates.length === 0) return null;
    let at = Math.min(...candidates, nowMs + MAX_IDLE_MS);
    if (limitReset !== null) at = Math.max(at, limitReset);
    if (noGateway) at = Math.max(at, nowMs + NO_GATEWAY_RETRY_MS);
    const runAt = new Date(Math.max(at, nowMs));
    await queueDrain(sql, tenantId, runAt);
    return runAt;
  });
  result.next_run_at = next?.toISOString() ?? null;
  return result;
}

/** A failed message queued again by hand (the log's "retry", or a dead letter's retry): attempts reset. */
export async function retryMessage(tx: TenantTx, tenantId: string, messageId: string): Promise<boolean> {
  const rows = await tx.sql`
    UPDATE tenant_wa_messages SET status = 'queued', attempts = 0, scheduled_at = now(), claimed_at = NULL, failed_at = NULL, error = NULL, error_code = NULL
    WHERE id = ${messageId} AND status = 'failed'`;
  if (rows.count > 0) await queueDrain(tx.sql, tenantId);
  return rows.count > 0;
}
