/**
 * Outages: declared by staff on a router or topology node, or suspected by router_sync;
 * outage_propagation records every customer below the node in one recursive statement
 * with the 'started' notice each is owed, which the WhatsApp drain releases into the
 * outbox at its sending pace; resolution records
 * the time and queues the 'resolved' notices once. All writers of one ISP's outages take
 * the same transaction lock, so overlapping outages never both tell a customer.
 */
import { AppError, FIELD_MESSAGES, serverMessage } from '@rrnet/contracts';
import type { Outage, OutageCustomer, OutageDeclareInput, OutageDetail, OutageListInput, OutageStatus, OutageSummary, OutageUpdateInput } from '@rrnet/contracts';
import type { Sql, TenantTx } from '@rrnet/db';
import { enqueue } from '@rrnet/jobs';
import { decodeCursor, encodeCursor } from '../notifications/delivery_rules';
import { loadWaConfig, queueCustomerNotices, queueDrain } from '../notifications/outbox';
import { linkTicketsToOutage, openTicketsOfOutage } from '../tickets/tickets';
import { DEFAULT_OUTAGE_DETECT_MINUTES, OUTAGE_NOTICE_QUEUE_TARGET, assertOutageTransition, noticeTime, outageNoticeRoom, outageDurationSeconds, shouldProposeResolution, shouldSuspectOutage } from './outage_rules';

/** Serialises propagation, resolution and detection of one ISP's outages. */
export async function lockOutages(tx: TenantTx): Promise<void> {
  await tx.sql`SELECT pg_advisory_xact_lock(hashtext(app_current_tenant()::text || ':outages'))`;
}

interface OutageRow {
  id: string;
  title: string;
  description: string | null;
  cause: Outage['cause'];
  status: OutageStatus;
  detected_by: Outage['detected_by'];
  node_id: string | null;
  router_id: string | null;
  node_kind: 'olt' | 'odc' | 'odp' | null;
  source_name: string | null;
  started_at: Date;
  expected_restoration_at: Date | null;
  confirmed_at: Date | null;
  resolution_proposed_at: Date | null;
  propagated_at: Date | null;
  resolved_at: Date | null;
  dismissed_at: Date | null;
  created_at: Date;
  affected_count: number;
  notified_count: number;
}

/** timestamps arrive as Date or text depending on the pool's type parsers */
const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);
const date = (d: Date | string) => new Date(d);

function toOutage(r: OutageRow, now: Date): Outage {
  return {
    id: r.id,
    title: r.title,
    notes: r.description,
    cause: r.cause,
    status: r.status,
    detected_by: r.detected_by,
    source_kind: r.node_kind ?? 'router',
    node_id: r.node_id,
    router_id: r.router_id,
    source_name: r.source_name,
    started_at: date(r.started_at).toISOString(),
    expected_restoration_at: iso(r.expected_restoration_at),
    confirmed_at: iso(r.confirmed_at),
    resolution_proposed_at: iso(r.resolution_proposed_at),
    propagated_at: iso(r.propagated_at),
    resolved_at: iso(r.resolved_at),
    dismissed_at: iso(r.dismissed_at),
    duration_seconds: outageDurationSeconds(date(r.started_at), r.resolved_at || r.dismissed_at ? date((r.resolved_at ?? r.dismissed_at)!) : null, now),
    affected_count: r.affected_count,
    notified_count: r.notified_count,
    created_at: date(r.created_at).toISOString(),
  };
}

function selectOutages(tx: TenantTx, where: ReturnType<TenantTx['sql']>, tail: ReturnType<TenantTx['sql']> = tx.sql``) {
  return tx.sql<OutageRow[]>`
    SELECT o.id, o.title, o.description, o.cause, o.status, o.detected_by, o.node_id, o.router_id, n.kind AS node_kind,
           coalesce(n.name, r.name) AS source_name, o.started_at, o.expected_restoration_at, o.confirmed_at, o.resolution_proposed_at,
           o.propagated_at, o.resolved_at, o.dismissed_at, o.created_at,
           coalesce(a.affected, 0)::int AS affected_count, coalesce(a.notified, 0)::int AS notified_count
    FROM tenant_outages o
    LEFT JOIN tenant_topology_nodes n ON n.id = o.node_id
    LEFT JOIN tenant_routers r ON r.id = o.router_id
    LEFT JOIN LATERAL (SELECT count(*) AS affected, count(oc.notified_at) AS notified FROM tenant_outage_customers oc WHERE oc.outage_id = o.id) a ON true
    WHERE ${where} ${tail}`;
}

async function loadOutage(tx: TenantTx, id: string, lock = false): Promise<Outage> {
  if (lock) await tx.sql`SELECT 1 FROM tenant_outages WHERE id = ${id} FOR UPDATE`;
  const [row] = await selectOutages(tx, tx.sql`o.id = ${id}`);
  if (!row) throw new AppError('NOT_FOUND', { message: serverMessage('outage_not_found') });
  return toOutage(row, new Date());
}

export async function declareOutage(tx: TenantTx, tenantId: string, userId: string | null, input: OutageDeclareInput): Promise<Outage> {
  if (input.node_id) {
    const [n] = await tx.sql`SELECT 1 FROM tenant_topology_nodes WHERE id = ${input.node_id}`;
    if (!n) throw new AppError('VALIDATION_FAILED', { message: serverMessage('node_not_found'), details: { node_id: FIELD_MESSAGES.unknown_node } });
  }
  if (input.router_id) {
    const [r] = await tx.sql`SELECT 1 FROM tenant_routers WHERE id = ${input.router_id}`;
    if (!r) throw new AppError('VALIDATION_FAILED', { message: serverMessage('router_not_found'), details: { router_id: FIELD_MESSAGES.unknown_router } });
  }
  const [row] = await tx.sql<{ id: string }[]>`
    INSERT INTO tenant_outages (tenant_id, title, description, cause, node_id, router_id, status, detected_by, expected_restoration_at, confirmed_at, created_by)
    VALUES (${tenantId}, ${input.title}, ${input.notes ?? null}, ${input.cause}, ${input.node_id ?? null}, ${input.router_id ?? null}, 'open', 'manual',
            ${input.expected_restoration_at ?? null}, now(), ${userId})
    RETURNING id`;
  await enqueue(tx.sql, 'outage_propagation', { outage_id: row!.id }, { tenantId });
  return loadOutage(tx, row!.id);
}

export async function updateOutage(tx: TenantTx, input: OutageUpdateInput): Promise<Outage> {
  const current = await loadOutage(tx, input.id, true);
  if (current.status === 'resolved' || current.status === 'dismissed') {
    throw new AppError('CONFLICT', { message: serverMessage('outage_closed', { status: current.status }) });
  }
  await tx.sql`
    UPDATE tenant_outages SET
      title = coalesce(${input.title ?? null}, title),
      cause = coalesce(${input.cause ?? null}, cause),
      expected_restoration_at = CASE WHEN ${input.expected_restoration_at !== undefined} THEN ${input.expected_restoration_at ?? null}::timestamptz ELSE expected_restoration_at END,
      description = CASE WHEN ${input.notes !== undefined} THEN ${input.notes ?? null} ELSE description END,
      updated_at = now()
    WHERE id = ${input.id}`;
  return loadOutage(tx, input.id);
}

/** suspected → open: the customers already recorded are told now (outage_propagation). */
export async function confirmOutage(tx: TenantTx, tenantId: string, id: string): Promise<Outage> {
  await lockOutages(tx);
  const current = await loadOutage(tx, id, true);
  assertOutageTransition(current.status, 'open');
  await tx.sql`UPDATE tenant_outages SET status = 'open', confirmed_at = now(), updated_at = now() WHERE id = ${id}`;
  await enqueue(tx.sql, 'outage_propagation', { outage_id: id }, { tenantId });
  return loadOutage(tx, id);
}

/** suspected → dismissed: nobody was told, nobody is. */
export async function dismissOutage(tx: TenantTx, id: string): Promise<Outage> {
  await lockOutages(tx);
  const current = await loadOutage(tx, id, true);
  assertOutageTransition(current.status, 'dismissed');
  await tx.sql`UPDATE tenant_outages SET status = 'dismissed', dismissed_at = now(), updated_at = now() WHERE id = ${id}`;
  return loadOutage(tx, id);
}

/** Common values of an outage's notices: title, area (the node or router), times in the ISP's zone. */
async function noticeValues(tx: TenantTx, o: Outage): Promise<Record<string, string>> {
  const { timezone } = await loadWaConfig(tx);
  return {
    title: o.title,
    area: o.source_name ?? '',
    started_at: noticeTime(new Date(o.started_at), timezone),
    resolved_at: o.resolved_at ? noticeTime(new Date(o.resolved_at), timezone) : '',
  };
}

/** Customers of outage `id` that another open outage also covers (mirrors the rules' inOtherOpenOutage). */
function inOtherOpenOutage(tx: TenantTx, id: string) {
  return tx.sql`EXISTS (SELECT 1 FROM tenant_outage_customers x JOIN tenant_outages xo ON xo.id = x.outage_id
                        WHERE x.customer_id = oc.customer_id AND x.outage_id <> ${id} AND xo.status = 'open')`;
}

/** open → resolved: the time recorded, the 'resolved' notices queued once (needsResolvedNotice). */
export async function resolveOutage(tx: TenantTx, tenantId: string, userId: string | null, id: string): Promise<Outage & { notices_queued: number }> {
  await lockOutages(tx);
  const current = await loadOutage(tx, id, true);
  assertOutageTransition(current.status, 'resolved');
  await tx.sql`UPDATE tenant_outages SET status = 'resolved', resolved_at = now(), resolved_by = ${userId}, updated_at = now() WHERE id = ${id}`;
  // 'started' notices still owed are dropped: nobody is told an outage started once it is over
  await tx.sql`UPDATE tenant_outage_customers SET notice_pending = false WHERE outage_id = ${id} AND notice_pending`;
  const resolved = await loadOutage(tx, id);
  const notices = await queueResolvedNotices(tx, tenantId, resolved);
  return { ...(await loadOutage(tx, id)), notices_queued: notices };
}

/**
 * The 'resolved' notices an outage owes (needsResolvedNotice), in one statement, then the
 * customers' rows marked for the customers the outbox took.
 */
async function queueResolvedNotices(tx: TenantTx, tenantId: string, o: Outage): Promise<number> {
  if (o.status !== 'resolved') return 0;
  const recipients = tx.sql`SELECT oc.customer_id FROM tenant_outage_customers oc WHERE oc.outage_id = ${o.id} AND oc.resolved_notified_at IS NULL AND NOT ${inOtherOpenOutage(tx, o.id)}`;
  const queued = await queueCustomerNotices(tx, tenantId, { code: 'outage_resolved', recipients, values: await noticeValues(tx, o), dedupePrefix: `outage_resolved:${o.id}:` });
  // the customers' rows marked by primary key (outage, customer): the ids the outbox took
  if (queued.length > 0) {
    await tx.sql`UPDATE tenant_outage_customers SET resolved_notified_at = now() WHERE outage_id = ${o.id} AND customer_id = ANY(${queued}::uuid[])`;
  }
  return queued.length;
}

export interface PropagationResult {
  status: OutageStatus;
  affected: number;
  added: number;
  /** 'started' notices this run made owed (released into the outbox by the drain) */
  notices_queued: number;
}

/**
 * outage_propagation: every customer below the node (the node and its descendants,
 * recursively; for a router, the nodes attached to it and theirs, plus the customers on
 * the router) recorded in one statement, each with the 'started' notice it is owed
 * (needsStartedNotice: the outage is open, this outage has not told them, no other open
 * outage covers them; a phone to send to, WhatsApp on). The notices are not rendered
 * here: the WhatsApp drain releases them into the outbox at the pace it sends
 * (releaseOutageNotices), so a 20k-customer outage commits at once and a notice still
 * owed when the outage ends is never sent late. Idempotent: a second run adds nobody and
 * owes nothing new.
 */
export async function propagateOutage(tx: TenantTx, tenantId: string, id: string): Promise<PropagationResult | null> {
  await lockOutages(tx);
  const [o] = await tx.sql<{ status: OutageStatus; node_id: string | null; router_id: string | null }[]>`
    SELECT status, node_id, router_id FROM tenant_outages WHERE id = ${id} FOR UPDATE`;
  if (!o) return null;
  let added = 0;
  let owed = 0;
  if (o.status === 'suspected' || o.status === 'open') {
    const notify = o.status === 'open' && (await loadWaConfig(tx)).enabled;
    // every customer below the node (recursively), or on the router and below its nodes;
    // recorded in one statement with the notice each is owed (a suspected outage's rows
    // become owed when it is confirmed)
    const [r] = await tx.sql<{ added: number; owed: number }[]>`
      WITH affected AS (
        WITH RECURSIVE below AS (
          SELECT n.id FROM tenant_topology_nodes n WHERE n.id = ${o.node_id}::uuid OR n.router_id = ${o.router_id}::uuid
          UNION
          SELECT n.id FROM tenant_topology_nodes n JOIN below b ON n.parent_id = b.id
        )
        SELECT c.id AS customer_id, c.phone IS NOT NULL AS reachable FROM tenant_customers c
        WHERE c.status <> 'terminated' AND (c.odp_id IN (SELECT id FROM below) OR c.router_id = ${o.router_id}::uuid)
      ),
      ins AS (
        INSERT INTO tenant_outage_customers (tenant_id, outage_id, customer_id, notice_pending)
        SELECT ${tenantId}::uuid, ${id}::uuid, a.customer_id,
               ${notify} AND a.reachable
               AND NOT EXISTS (SELECT 1 FROM tenant_outage_customers x JOIN tenant_outages xo ON xo.id = x.outage_id
                               WHERE x.customer_id = a.customer_id AND x.outage_id <> ${id} AND xo.status = 'open')
        FROM affected a
        ON CONFLICT (tenant_id, outage_id, customer_id) DO UPDATE SET notice_pending = true
          WHERE tenant_outage_customers.notified_at IS NULL AND NOT tenant_outage_customers.notice_pending AND EXCLUDED.notice_pending
        RETURNING (xmax = 0) AS inserted, notice_pending
      )
      SELECT count(*) FILTER (WHERE inserted)::int AS added, count(*) FILTER (WHERE notice_pending)::int AS owed FROM ins`;
    added = r?.added ?? 0;
    owed = r?.owed ?? 0;
    await tx.sql`UPDATE tenant_outages SET propagated_at = now() WHERE id = ${id}`;
    // the drain releases the owed notices (urgent: no quiet hours)
    if (owed > 0) await queueDrain(tx.sql, tenantId);
  }
  const outage = await loadOutage(tx, id);
  // the affected customers' open tickets point at the outage they are about
  if (outage.status === 'open') await linkTicketsToOutage(tx, id);
  return { status: outage.status, affected: outage.affected_count, added, notices_queued: owed };
}

/**
 * The owed 'started' notices (propagateOutage) written into the WhatsApp outbox, oldest
 * outage first, as many as keep the outbox's queue at OUTAGE_NOTICE_QUEUE_TARGET (or
 * `budget`): rendered by the template rules like every notice, deduplicated per customer,
 * the customers' rows marked told. Called by the drain before each batch. Returns how
 * many it queued.
 */
export async function releaseOutageNotices(tx: TenantTx, tenantId: string, budget?: number): Promise<number> {
  const open = await tx.sql<{ id: string }[]>`SELECT id FROM tenant_outages WHERE status = 'open' ORDER BY started_at, id`;
  if (open.length === 0) return 0;
  let room = budget;
  if (room === undefined) {
    const [q] = await tx.sql<{ n: number }[]>`
      SELECT count(*)::int AS n FROM (SELECT 1 FROM tenant_wa_messages WHERE status = 'queued' LIMIT ${OUTAGE_NOTICE_QUEUE_TARGET}) q`;
    room = outageNoticeRoom(q?.n ?? 0);
  }
  let released = 0;
  for (const { id } of open) {
    if (room <= 0) break;
    const picked = await tx.sql<{ customer_id: string }[]>`
      SELECT customer_id FROM tenant_outage_customers WHERE outage_id = ${id} AND notice_pending
      ORDER BY customer_id LIMIT ${room} FOR UPDATE SKIP LOCKED`;
    if (picked.length === 0) continue;
    const ids = picked.map((p) => p.customer_id);
    const outage = await loadOutage(tx, id);
    const queued = await queueCustomerNotices(tx, tenantId, {
      code: 'outage_started',
      recipients: tx.sql`SELECT unnest(${ids}::uuid[]) AS customer_id`,
      values: await noticeValues(tx, outage),
      dedupePrefix: `outage_started:${id}:`,
    });
    await tx.sql`
      UPDATE tenant_outage_customers SET notice_pending = false, notified_at = CASE WHEN customer_id = ANY(${queued}::uuid[]) THEN now() END
      WHERE outage_id = ${id} AND customer_id = ANY(${ids}::uuid[])`;
    released += queued.length;
    room -= ids.length;
  }
  return released;
}

export async function listOutages(tx: TenantTx, input: OutageListInput): Promise<{ items: Outage[]; next_cursor: string | null }> {
  const statuses: OutageStatus[] =
    input.scope === 'active' ? ['suspected', 'open'] : input.scope === 'history' ? ['resolved', 'dismissed'] : ['suspected', 'open', 'resolved', 'dismissed'];
  const cursor = input.cursor ? decodeCursor(input.cursor) : null;
  if (input.cursor && !cursor) throw new AppError('VALIDATION_FAILED', { message: serverMessage('invalid_list_cursor'), details: { cursor: FIELD_MESSAGES.start_again } });
  const rows = await selectOutages(
    tx,
    tx.sql`o.status = ANY(${statuses}::text[]) ${cursor ? tx.sql`AND (o.started_at, o.id) < (${cursor.createdAt}::timestamptz, ${cursor.id}::uuid)` : tx.sql``}`,
    tx.sql`ORDER BY o.started_at DESC, o.id DESC LIMIT ${input.limit + 1}`,
  );
  const now = new Date();
  const items = rows.slice(0, input.limit).map((r) => toOutage(r, now));
  const last = rows.length > input.limit ? rows[input.limit - 1]! : null;
  return { items, next_cursor: last ? encodeCursor(date(last.started_at).toISOString(), last.id) : null };
}

export async function getOutage(tx: TenantTx, id: string): Promise<OutageDetail> {
  const o = await loadOutage(tx, id);
  const counts = await tx.sql<{ code: string; status: string; n: number }[]>`
    SELECT m.template_code AS code, m.status, count(*)::int AS n
    FROM tenant_outage_customers oc
    JOIN tenant_wa_messages m ON m.dedupe_key IN ('outage_started:' || ${id} || ':' || oc.customer_id::text, 'outage_resolved:' || ${id} || ':' || oc.customer_id::text)
    WHERE oc.outage_id = ${id}
    GROUP BY 1, 2`;
  const [covered] = await tx.sql<{ n: number; pending: number }[]>`
    SELECT count(*) FILTER (WHERE oc.notified_at IS NULL AND ${inOtherOpenOutage(tx, id)})::int AS n, count(*) FILTER (WHERE oc.notice_pending)::int AS pending
    FROM tenant_outage_customers oc WHERE oc.outage_id = ${id}`;
  const notices = { started: {} as Record<string, number>, resolved: {} as Record<string, number> };
  for (const c of counts) notices[c.code === 'outage_started' ? 'started' : 'resolved'][c.status] = c.n;
  const timeline: OutageDetail['timeline'] = [{ kind: o.detected_by === 'router_sync' ? 'detected' : 'declared', at: o.started_at }];
  const push = (kind: OutageDetail['timeline'][number]['kind'], at: string | null) => at && timeline.push({ kind, at });
  if (o.detected_by === 'router_sync') push('confirmed', o.confirmed_at);
  push('propagated', o.propagated_at);
  push('resolution_proposed', o.resolution_proposed_at);
  push('resolved', o.resolved_at);
  push('dismissed', o.dismissed_at);
  timeline.sort((a, b) => a.at.localeCompare(b.at));
  return { ...o, timeline, notices, notices_pending: covered?.pending ?? 0, covered_elsewhere: covered?.n ?? 0, open_tickets: await openTicketsOfOutage(tx, id) };
}

export async function listOutageCustomers(tx: TenantTx, input: { id: string; limit: number; cursor?: string | undefined }): Promise<{ items: OutageCustomer[]; next_cursor: string | null }> {
  await loadOutage(tx, input.id);
  const after = input.cursor ? Buffer.from(input.cursor, 'base64url').toString('utf8') : null;
  const rows = await tx.sql<
    { customer_id: string; code: string; name: string; status: string; odp_name: string | null; notified_at: Date | null; resolved_notified_at: Date | null; sid: string | null; sstatus: string | null; rid: string | null; rstatus: string | null; credit_invoice_id: string | null; invoice_number: string | null; credit_minutes: number | null; credit_amount: string | number | null }[]
  >`
    SELECT c.id AS customer_id, c.code, c.name, c.status, n.name AS odp_name, oc.notified_at, oc.resolved_notified_at,
           ms.id AS sid, ms.status AS sstatus, mr.id AS rid, mr.status AS rstatus,
           oc.credit_invoice_id, i.number AS invoice_number, oc.credit_minutes, oc.credit_amount
    FROM tenant_outage_customers oc
    JOIN tenant_customers c ON c.id = oc.customer_id
    LEFT JOIN tenant_invoices i ON i.id = oc.credit_invoice_id
    LEFT JOIN tenant_topology_nodes n ON n.id = c.odp_id
    LEFT JOIN tenant_wa_messages ms ON ms.dedupe_key = 'outage_started:' || ${input.id} || ':' || oc.customer_id::text
    LEFT JOIN tenant_wa_messages mr ON mr.dedupe_key = 'outage_resolved:' || ${input.id} || ':' || oc.customer_id::text
    WHERE oc.outage_id = ${input.id} ${after ? tx.sql`AND c.code > ${after}` : tx.sql``}
    ORDER BY c.code LIMIT ${input.limit + 1}`;
  const items = rows.slice(0, input.limit).map((r) => ({
    customer_id: r.customer_id,
    code: r.code,
    name: r.name,
    status: r.status,
    odp_name: r.odp_name,
    notified_at: iso(r.notified_at),
    resolved_notified_at: iso(r.resolved_notified_at),
    started_notice: r.sid ? { id: r.sid, status: r.sstatus! } : null,
    resolved_notice: r.rid ? { id: r.rid, status: r.rstatus! } : null,
    credit:
      r.credit_invoice_id && r.invoice_number
        ? { invoice_id: r.credit_invoice_id, invoice_number: r.invoice_number, minutes: r.credit_minutes ?? 0, amount: Number(r.credit_amount ?? 0) }
        : null,
  }));
  const last = rows.length > input.limit ? rows[input.limit - 1]! : null;
  return { items, next_cursor: last ? Buffer.from(last.code, 'utf8').toString('base64url') : null };
}

export async function outageSummary(tx: TenantTx): Promise<OutageSummary> {
  const [row] = await tx.sql<{ open: number; suspected: number; affected: number; mean: number | null; resolved: number }[]>`
    SELECT (SELECT count(*) FROM tenant_outages WHERE status = 'open')::int AS open,
           (SELECT count(*) FROM tenant_outages WHERE status = 'suspected')::int AS suspected,
           (SELECT count(DISTINCT oc.customer_id) FROM tenant_outage_customers oc JOIN tenant_outages o ON o.id = oc.outage_id WHERE o.status = 'open')::int AS affected,
           (SELECT avg(extract(epoch FROM resolved_at - started_at)) FROM tenant_outages WHERE status = 'resolved' AND resolved_at > now() - interval '30 days')::float8 AS mean,
           (SELECT count(*) FROM tenant_outages WHERE status = 'resolved' AND resolved_at > now() - interval '30 days')::int AS resolved`;
  return { open: row!.open, suspected: row!.suspected, affected_customers: row!.affected, mean_resolution_seconds: row!.mean, resolved_30d: row!.resolved };
}

export interface ReachabilityOutcome {
  suspected: string | null;
  proposed: number;
}

/**
 * After a router_sync: a router unreachable for the ISP's `outage_detect_minutes` opens a
 * suspected outage (its customers recorded, nobody told until staff confirm); a router
 * answering again proposes resolution of the outages that name it (an answer lost again
 * withdraws the proposal).
 */
export async function observeRouterReachability(tx: TenantTx, tenantId: string, routerId: string, now: Date = new Date()): Promise<ReachabilityOutcome> {
  await lockOutages(tx);
  const [r] = await tx.sql<{ name: string; status: string; last_seen_at: Date | null; created_at: Date; minutes: number | null; locale: string | null }[]>`
    SELECT r.name, r.status, r.last_seen_at, r.created_at, s.outage_detect_minutes AS minutes, s.locale
    FROM tenant_routers r LEFT JOIN tenant_settings s ON true WHERE r.id = ${routerId}`;
  if (!r || r.status === 'unknown') return { suspected: null, proposed: 0 };
  const status = r.status as 'online' | 'offline';
  const active = await tx.sql<{ id: string; status: OutageStatus; resolution_proposed_at: Date | null }[]>`
    SELECT id, status, resolution_proposed_at FROM tenant_outages WHERE router_id = ${routerId} AND status IN ('suspected', 'open')`;
  if (status === 'online') {
    const ids = active.filter((o) => shouldProposeResolution(status, { status: o.status, resolutionProposedAt: o.resolution_proposed_at ? date(o.resolution_proposed_at) : null })).map((o) => o.id);
    if (ids.length > 0) await tx.sql`UPDATE tenant_outages SET resolution_proposed_at = ${now.toISOString()}::timestamptz, updated_at = now() WHERE id = ANY(${ids}::uuid[])`;
    return { suspected: null, proposed: ids.length };
  }
  if (active.some((o) => o.resolution_proposed_at)) {
    await tx.sql`UPDATE tenant_outages SET resolution_proposed_at = NULL, updated_at = now() WHERE router_id = ${routerId} AND status IN ('suspected', 'open')`;
  }
  const reach = { status, lastSeenAt: r.last_seen_at ? date(r.last_seen_at) : null, watchedSince: date(r.created_at), hasActiveOutage: active.length > 0 };
  if (!shouldSuspectOutage(reach, now, r.minutes ?? DEFAULT_OUTAGE_DETECT_MINUTES)) return { suspected: null, proposed: 0 };
  const title = r.locale === 'en' ? `${r.name} is not responding` : `${r.name} tidak merespons`;
  const [row] = await tx.sql<{ id: string }[]>`
    INSERT INTO tenant_outages (tenant_id, title, router_id, status, detected_by, started_at)
    VALUES (${tenantId}, ${title}, ${routerId}, 'suspected', 'router_sync', ${iso(r.last_seen_at ?? r.created_at)}::timestamptz)
    ON CONFLICT (tenant_id, router_id) WHERE detected_by = 'router_sync' AND status IN ('suspected', 'open') DO NOTHING
    RETURNING id`;
  if (!row) return { suspected: null, proposed: 0 };
  await enqueue(tx.sql, 'outage_propagation', { outage_id: row.id }, { tenantId });
  return { suspected: row.id, proposed: 0 };
}

export interface OutageResolutionStats {
  slug: string;
  open: number;
  resolved: number;
  /** mean seconds from start to resolution of the outages resolved in the window (null: none) */
  mean_seconds: number | null;
  max_seconds: number | null;
}

/** outage_resolution_time (spec §6) per ISP over the last 30 days, and the open outages (the worker's /metrics; system role). */
export async function outageResolutionStats(systemSql: Sql, since: Date = new Date(Date.now() - 30 * 86_400_000)): Promise<OutageResolutionStats[]> {
  const rows = await systemSql<{ slug: string; open: number; resolved: number; mean: number | null; max: number | null }[]>`
    SELECT t.slug,
           count(*) FILTER (WHERE o.status = 'open')::int AS open,
           count(*) FILTER (WHERE o.status = 'resolved' AND o.resolved_at >= ${since.toISOString()}::timestamptz)::int AS resolved,
           avg(extract(epoch FROM o.resolved_at - o.started_at)) FILTER (WHERE o.status = 'resolved' AND o.resolved_at >= ${since.toISOString()}::timestamptz)::float8 AS mean,
           max(extract(epoch FROM o.resolved_at - o.started_at)) FILTER (WHERE o.status = 'resolved' AND o.resolved_at >= ${since.toISOString()}::timestamptz)::float8 AS max
    FROM tenant_outages o JOIN saas_tenants t ON t.id = o.tenant_id
    GROUP BY t.slug`;
  return rows.map((r) => ({ slug: r.slug, open: r.open, resolved: r.resolved, mean_seconds: r.mean, max_seconds: r.max }));
}
