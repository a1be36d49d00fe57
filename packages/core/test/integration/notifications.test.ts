/**
 * The WhatsApp channel against real PostgreSQL and Redis, gateways as the simulator and
 * status callbacks over HTTP: sending and delivery, webhook signatures, replays and
 * out-of-order statuses, the breaker opening and recovering, the fallback gateway, the
 * plan quota, quiet hours, opt-out, the 10/s limit under a burst for one ISP while
 * another's messages go at once, templates (SQL and TS rendering agree, unknown
 * variables refused), and the billing run / payment / reminder writers.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AppError, DEFAULT_WA_TEMPLATES } from '@rrnet/contracts';
import { cloudSignature } from '@rrnet/whatsapp';
import { DEMO_WA_GATEWAYS } from '@rrnet/whatsapp/demo';
import { runBillingCycle } from '../../src/billing/cycle';
import { recordPayment } from '../../src/billing/payments';
import '../../src/notifications/hooks';
import { getMessage, listMessages, setReminderOptOut, waDeliveryStats, waStats, waStatsReport } from '../../src/notifications/messages';
import { queueMessage } from '../../src/notifications/outbox';
import { queueReminders } from '../../src/notifications/reminders';
import { retryMessage } from '../../src/notifications/sender';
import { listTemplates, previewTemplate, resetTemplate, saveTemplate } from '../../src/notifications/templates';
import { localMinutes } from '../../src/notifications/delivery_rules';
import { renderTemplate, templateParams } from '../../src/notifications/template_rules';
import { phones, sleep, startWaHarness } from './wa_harness';
import type { WaHarness } from './wa_harness';

let h: WaHarness;

beforeAll(async () => {
  h = await startWaHarness();
  // no quiet hours unless a test sets them (no test depends on the hour it runs at)
  await h.admin`UPDATE tenant_settings SET wa_quiet_start = NULL, wa_quiet_end = NULL`;
  // the demo switches notifications off for Parahyangan Link (a feature toggle to show); here both ISPs send
  await h.admin`DELETE FROM saas_feature_overrides WHERE tenant_id = ${h.tenantB} AND feature = 'notifications'`;
}, 60_000);
afterAll(async () => {
  await h?.close();
});
beforeEach(async () => {
  await h.sim.settle(); // the previous test's status callbacks have all arrived
  await h.admin`DELETE FROM tenant_wa_messages WHERE status IN ('queued', 'sending') OR dedupe_key LIKE 't:%'`;
  await h.admin`DELETE FROM graphile_worker._private_jobs`;
  h.sim.reset();
  h.sim.configure({ failure: null, latencyMs: 0, callbacks: { order: 'normal', duplicate: false, fail: false, read: false, off: false } });
  h.resetBreakers();
});

const slugA = 'sinar-net';
const slugB = 'parahyangan-link';

async function queue(tenantId: string, n: number, opts: { code?: 'payment_reminder' | 'isolir_notice' | null; prefix?: number; tag?: string } = {}): Promise<string[]> {
  const ids: string[] = [];
  const list = phones(n, opts.prefix ?? 812);
  await h.inTenant(tenantId, async (tx) => {
    for (const [i, p] of list.entries()) {
      const id = await queueMessage(tx, tenantId, {
        customerId: null,
        code: opts.code === undefined ? null : opts.code,
        toPhone: p,
        ...(opts.code ? { values: { name: `Pelanggan ${i}`, number: `INV-${i}` } } : { body: `pesan ${i}` }),
        dedupeKey: `t:${opts.tag ?? 'm'}:${i}:${Math.random()}`,
      });
      if (id) ids.push(id);
    }
  });
  return ids;
}

const statusOf = async (ids: string[]) =>
  h.admin<{ id: string; status: string; provider: string | null; provider_message_id: string | null; error_code: string | null; attempts: number }[]>`
    SELECT id, status, provider, provider_message_id, error_code, attempts FROM tenant_wa_messages WHERE id = ANY(${ids}::uuid[])`;

/**
 * Drains one ISP until every message of `ids` has had `attempts` attempts (the limiter may
 * hold a drain back: earlier tests' sends are still in its window); returns the dead
 * letters those drains reported.
 */
async function attemptEach(tenantId: string, ids: string[], attempts: number): Promise<string[]> {
  const dead: string[] = [];
  for (let i = 0; i < 60; i++) {
    const r = await h.drain(tenantId);
    dead.push(...r.dead_letters.map((d) => d.message_id));
    if ((await statusOf(ids)).every((m) => m.attempts >= attempts)) return dead;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`messages not attempted ${attempts} times within 6 s`);
}

/**
 * Drains one ISP until at least one message of `ids` has had its attempt (a single drain may
 * be held back by the limiter's window, still full of earlier tests' sends on a loaded
 * machine); returns how many sends those drains left unknown.
 */
async function drainUntilAttempted(tenantId: string, ids: string[]): Promise<{ unknown: number }> {
  let unknown = 0;
  for (let i = 0; i < 60; i++) {
    const r = await h.drain(tenantId);
    unknown += r.unknown;
    if ((await statusOf(ids)).some((m) => m.attempts > 0 || m.status !== 'queued')) return { unknown };
    await sleep(100);
  }
  throw new Error('no message attempted within 6 s');
}

/** Drains one ISP until nothing is due now (honouring the limiter's reset). */
async function drainAll(tenantId: string, timeoutMs = 8000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const r = await h.drain(tenantId);
    const next = r.next_run_at ? new Date(r.next_run_at).getTime() : null;
    if (next === null || next - Date.now() > 5000) return;
    await sleep(Math.max(10, next - Date.now()));
  }
}

describe('sending and delivery', () => {
  it('Cloud API: sent with the provider id, delivered by the signed status callback', async () => {
    const ids = await queue(h.tenantA, 3, { code: 'isolir_notice' });
    await drainAll(h.tenantA);
    await h.sim.settle();
    const rows = await statusOf(ids);
    expect(rows.every((r) => r.status === 'delivered' && r.provider === 'cloud' && r.provider_message_id?.startsWith('wamid.'))).toBe(true);
    const got = h.sim.messages().filter((m) => m.provider === 'cloud');
    expect(got).toHaveLength(3);
    expect(got.map((m) => m.callback_data).sort()).toEqual([...ids].sort());
    expect(got[0]!.template).toBe('rrnet_isolir_notice');
    expect(got[0]!.parameters[0]).toMatch(/^Pelanggan /);
  });

  it('Fonnte: the text as rendered, delivered by its status webhook', async () => {
    const ids = await queue(h.tenantB, 2, { code: 'isolir_notice' });
    await drainAll(h.tenantB);
    await h.sim.settle();
    expect((await statusOf(ids)).map((r) => r.status)).toEqual(['delivered', 'delivered']);
    const got = h.sim.messages().filter((m) => m.provider === 'fonnte');
    expect(got[0]!.text).toMatch(/^Halo Pelanggan \d, layanan internet Anda sementara dinonaktifkan karena tagihan INV-\d/);
    expect((await h.inTenant(h.tenantB, (tx) => waStats(tx))).delivery_rate).toBeGreaterThan(0);
    const stats = await waDeliveryStats(h.sys.sql);
    expect(stats.tenants.find((t) => t.slug === slugB)?.delivered).toBeGreaterThanOrEqual(2);
  });

  it('recipient spacing: a second message to the same number waits 6 s (no 131056)', async () => {
    const [p] = phones(1, 813);
    const ids: string[] = [];
    await h.inTenant(h.tenantA, async (tx) => {
      for (const k of ['a', 'b']) ids.push((await queueMessage(tx, h.tenantA, { customerId: null, code: null, toPhone: p!, body: k, dedupeKey: `t:space:${k}` }))!);
    });
    await drainUntilAttempted(h.tenantA, ids);
    const rows = await h.admin<{ status: string; scheduled_at: Date; claimed_at: Date | null }[]>`SELECT status, scheduled_at, claimed_at FROM tenant_wa_messages WHERE id = ANY(${ids}::uuid[]) ORDER BY status`;
    expect(rows.map((r) => r.status).sort()).toEqual(['queued', 'sent']);
    const waiting = rows.find((r) => r.status === 'queued')!;
    const sent = rows.find((r) => r.status === 'sent')!;
    // the second waits 6 s from the moment the first was claimed (measured between the two rows,
    // not against this process's clock, which a loaded machine reaches late)
    expect(new Date(waiting.scheduled_at).getTime() - new Date(sent.claimed_at!).getTime()).toBeGreaterThanOrEqual(6000);
    expect(h.sim.messages()).toHaveLength(1);
  });
});

describe('webhooks', () => {
  const cloudBody = (id: string, status: string, callback?: string) =>
    JSON.stringify({ object: 'whatsapp_business_account', entry: [{ changes: [{ value: { statuses: [{ id, status, timestamp: '1767225600', ...(callback ? { biz_opaque_callback_data: callback } : {}) }] } }] }] });
  const post = (path: string, body: string, headers: Record<string, string> = {}) =>
    fetch(`${h.webhookUrl}${path}`, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });
  const secretA = (DEMO_WA_GATEWAYS[slugA]!.primary.credentials as { app_secret: string }).app_secret;

  async function sentMessage(prefix = 814): Promise<{ id: string; wamid: string }> {
    const [id] = await queue(h.tenantA, 1, { prefix });
    h.sim.configure({ callbacks: { off: true } }); // no simulator callbacks: the test posts them
    await drainUntilAttempted(h.tenantA, [id!]);
    h.sim.configure({ callbacks: { off: false } });
    const [row] = await statusOf([id!]);
    return { id: id!, wamid: row!.provider_message_id! };
  }

  it('a valid signature is applied; a wrong one is refused and stored', async () => {
    const { id, wamid } = await sentMessage();
    const [t0] = await h.admin<{ at: string }[]>`SELECT now()::text AS at`;
    const body = cloudBody(wamid, 'delivered');
    const bad = await post(`/cloud/${slugA}`, body, { 'x-hub-signature-256': cloudSignature(body, 'not-the-secret') });
    expect(bad.status).toBe(403);
    const none = await post(`/cloud/${slugA}`, body);
    expect(none.status).toBe(403);
    expect((await statusOf([id]))[0]!.status).toBe('sent');
    const ok = await post(`/cloud/${slugA}`, body, { 'x-hub-signature-256': cloudSignature(body, secretA) });
    expect(ok.status).toBe(200);
    expect((await statusOf([id]))[0]!.status).toBe('delivered');
    const stored = await h.admin<{ signature_valid: boolean; status: string }[]>`
      SELECT signature_valid, status FROM tenant_wa_webhook_events WHERE tenant_id = ${h.tenantA} AND created_at > ${t0!.at}::timestamptz ORDER BY created_at`;
    expect(stored.map((s) => `${s.signature_valid}:${s.status}`)).toEqual(['false:rejected', 'false:rejected', 'true:applied']);
    // a body signed for one ISP is refused by another's URL
    expect((await post(`/cloud/${slugB}`, body, { 'x-hub-signature-256': cloudSignature(body, secretA) })).status).toBe(400);
  });

  it('a replay changes nothing; out of order: delivered before sent, failed after delivered, read wins', async () => {
    const { id, wamid } = await sentMessage();
    const send = async (status: string) => {
      const body = cloudBody(wamid, status);
      return (await (await post(`/cloud/${slugA}`, body, { 'x-hub-signature-256': cloudSignature(body, secretA) })).json()) as { applied: number };
    };
    expect((await send('delivered')).applied).toBe(1);
    expect((await send('delivered')).applied).toBe(0); // replay
    expect((await send('sent')).applied).toBe(0); // late sent
    expect((await send('failed')).applied).toBe(0); // failed after delivered
    expect((await statusOf([id]))[0]!.status).toBe('delivered');
    expect((await send('read')).applied).toBe(1);
    expect((await statusOf([id]))[0]!.status).toBe('read');
  });

  it('POSTs arriving together (one batch): each answered on its own, statuses applied in order, forged ones stored and refused', async () => {
    const sent = [await sentMessage(831), await sentMessage(832), await sentMessage(833)];
    const [t0] = await h.admin<{ at: string }[]>`SELECT clock_timestamp()::text AS at`;
    const signed = (body: string) => post(`/cloud/${slugA}`, body, { 'x-hub-signature-256': cloudSignature(body, secretA) });
    // all at once: delivered then read for the first, a replayed delivered for the second, failed then delivered for the third, a forged one, an unknown id
    const answers = await Promise.all([
      signed(cloudBody(sent[0]!.wamid, 'delivered')),
      signed(cloudBody(sent[0]!.wamid, 'read')),
      signed(cloudBody(sent[1]!.wamid, 'delivered')),
      signed(cloudBody(sent[1]!.wamid, 'delivered')),
      signed(cloudBody(sent[2]!.wamid, 'failed')),
      signed(cloudBody(sent[2]!.wamid, 'delivered')),
      post(`/cloud/${slugA}`, cloudBody(sent[1]!.wamid, 'read'), { 'x-hub-signature-256': cloudSignature(cloudBody(sent[1]!.wamid, 'read'), 'forged') }),
      signed(cloudBody('wamid.unknown-to-rrnet', 'delivered')),
    ]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 200, 403, 200]);
    const bodies = (await Promise.all(answers.map((a) => a.json()))) as { applied: number; event_id: string; reason?: string }[];
    // arrival order is not fixed: what holds in any order
    expect(bodies[0]!.applied + bodies[1]!.applied).toBeGreaterThanOrEqual(1);
    expect(bodies[2]!.applied + bodies[3]!.applied).toBe(1); // the replay changed nothing
    expect(bodies[6]!.applied).toBe(0);
    expect(bodies[7]).toMatchObject({ applied: 0, reason: 'unknown message id' });
    expect(new Set(bodies.map((b) => b.event_id)).size).toBe(8);
    const rows = new Map((await statusOf(sent.map((s) => s.id))).map((r) => [r.id, r]));
    expect(sent.map((s) => rows.get(s.id)!.status)).toEqual(['read', 'delivered', 'delivered']);
    expect(rows.get(sent[2]!.id)!.error_code).toBeNull();
    // every POST stored once, as it was answered
    const stored = await h.admin<{ id: string; signature_valid: boolean; status: string; applied: number }[]>`
      SELECT id, signature_valid, status, applied FROM tenant_wa_webhook_events WHERE tenant_id = ${h.tenantA} AND created_at > ${t0!.at}::timestamptz`;
    expect(stored).toHaveLength(8);
    const byId = new Map(stored.map((s) => [s.id, s]));
    for (const [i, b] of bodies.entries()) {
      const s = byId.get(b.event_id)!;
      expect(s).toMatchObject({ signature_valid: i !== 6, applied: b.applied, status: i === 6 ? 'rejected' : b.applied > 0 ? 'applied' : 'ignored' });
    }
  });

  it('failed is final unless a later delivered proves otherwise', async () => {
    const { id, wamid } = await sentMessage();
    const body = (s: string) => cloudBody(wamid, s);
    for (const s of ['failed', 'sent', 'delivered']) {
      await post(`/cloud/${slugA}`, body(s), { 'x-hub-signature-256': cloudSignature(body(s), secretA) });
      if (s !== 'delivered') expect((await statusOf([id]))[0]!.status).toBe('failed');
    }
    expect((await statusOf([id]))[0]).toMatchObject({ status: 'delivered', error_code: null });
  });

  it('the simulator’s reversed and duplicated callbacks end delivered', async () => {
    h.sim.configure({ callbacks: { order: 'reversed', duplicate: true } });
    const ids = await queue(h.tenantA, 2, { prefix: 815 });
    await drainAll(h.tenantA);
    await h.sim.settle();
    expect((await statusOf(ids)).map((r) => r.status)).toEqual(['delivered', 'delivered']);
  });

  it('a lost send answer is recovered from the status (callback data): never sent twice', async () => {
    h.sim.configure({ failure: { mode: 'drop', remaining: 1, provider: 'cloud' } });
    const [id] = await queue(h.tenantA, 1, { prefix: 816 });
    const r = await drainUntilAttempted(h.tenantA, [id!]);
    expect(r.unknown).toBe(1);
    await h.sim.settle();
    const [row] = await statusOf([id!]);
    expect(row).toMatchObject({ status: 'delivered' });
    expect(row!.provider_message_id).toBe(h.sim.messages()[0]!.provider_message_id);
    expect(h.sim.messages()).toHaveLength(1);
  });

  it('Fonnte: the URL secret is checked; an id not recorded yet answers 409 to be retried', async () => {
    const secret = (DEMO_WA_GATEWAYS[slugB]!.primary.credentials as { webhook_secret: string }).webhook_secret;
    const body = JSON.stringify({ device: 'x', id: '999999', stateid: 's', status: 'sent', state: 'delivered' });
    expect((await post(`/fonnte/${slugB}?secret=wrong`, body)).status).toBe(403);
    expect((await post(`/fonnte/${slugB}?secret=${secret}`, body)).status).toBe(409);
    expect((await post(`/fonnte/${slugB}?secret=${secret}`, 'not json')).status).toBe(400);
  });
});

describe('gateway down', () => {
  it('5 failures open the breaker; then messages go through the fallback gateway', async () => {
    h.resetBreakers({ openMs: 60_000 });
    h.sim.configure({ failure: { mode: 'error500', provider: 'cloud' } });
    const ids = await queue(h.tenantA, 5, { prefix: 817 });
    // the first five may take more than one drain (the limiter's window still holds earlier
    // tests' sends): each must have had its attempt before the next three are queued
    await attemptEach(h.tenantA, ids, 1);
    ids.push(...(await queue(h.tenantA, 3, { prefix: 827 })));
    await drainAll(h.tenantA);
    const rows = await statusOf(ids);
    // 5 server errors (queued again for the normal class's retry), then the breaker is open → Fonnte
    expect(rows.filter((r) => r.status === 'queued' && r.error_code === '1')).toHaveLength(5);
    expect(rows.filter((r) => (r.status === 'sent' || r.status === 'delivered') && r.provider === 'fonnte')).toHaveLength(3);
    expect(h.services.breakers.state(h.tenantA, 'cloud')).toBe('open');
  });

  it('without a fallback the messages wait (not failed) and go out when the breaker closes', async () => {
    // open for 3 s: long enough that the two messages queued after the fifth failure meet it
    // still open on a loaded machine
    const OPEN_MS = 3000;
    h.resetBreakers({ openMs: OPEN_MS });
    h.sim.configure({ failure: { mode: 'error500', provider: 'fonnte' } });
    const ids = await queue(h.tenantB, 5, { prefix: 818 });
    // each of the five has its attempt (the limiter's window may hold a drain back)
    await attemptEach(h.tenantB, ids, 1);
    ids.push(...(await queue(h.tenantB, 2, { prefix: 828 })));
    await h.drain(h.tenantB);
    let rows = await statusOf(ids);
    expect(rows.filter((r) => r.error_code === 'circuit_open' && r.status === 'queued' && r.attempts === 0)).toHaveLength(2);
    expect(rows.some((r) => r.status === 'failed')).toBe(false);
    expect(h.services.breakers.state(h.tenantB, 'fonnte')).toBe('open');
    // the gateway recovers; after the open period the half-open trials succeed and close it
    h.sim.configure({ failure: null });
    await h.admin`UPDATE tenant_wa_messages SET scheduled_at = now() WHERE id = ANY(${ids}::uuid[]) AND status = 'queued'`;
    await sleep(OPEN_MS + 100);
    await drainAll(h.tenantB);
    rows = await statusOf(ids);
    expect(rows.every((r) => r.status === 'sent' || r.status === 'delivered')).toBe(true);
    expect(h.services.breakers.state(h.tenantB, 'fonnte')).toBe('closed');
  });

  it('a message that used its attempts on gateway faults fails with a dead letter; retry queues it again', async () => {
    h.sim.configure({ failure: { mode: 'error500', provider: 'fonnte' } });
    const [id] = await queue(h.tenantB, 1, { prefix: 819 });
    await attemptEach(h.tenantB, [id!], 1);
    await h.admin`UPDATE tenant_wa_messages SET scheduled_at = now() WHERE id = ${id!}`;
    const deadLetters = await attemptEach(h.tenantB, [id!], 2);
    expect(deadLetters).toEqual([id]);
    expect((await statusOf([id!]))[0]).toMatchObject({ status: 'failed', attempts: 2 });
    h.sim.configure({ failure: null });
    expect(await h.inTenant(h.tenantB, (tx) => retryMessage(tx, h.tenantB, id!))).toBe(true);
    await drainAll(h.tenantB);
    expect((await statusOf([id!]))[0]!.status).toMatch(/sent|delivered/);
  });
});

/** Runs `fn` with tenant B's plan allowing exactly `room` more WhatsApp messages this month; the plan and the ISP's flag are put back after. */
async function withQuotaRoom(room: number, fn: () => Promise<void>): Promise<void> {
  const [plan] = await h.admin<{ id: string; max: number }[]>`
    SELECT p.id, p.max_wa_messages_month AS max FROM saas_plans p WHERE p.id = sys_tenant_plan(${h.tenantB})`;
  const [used] = await h.admin<{ n: number }[]>`
    SELECT count(*)::int AS n FROM tenant_wa_messages WHERE tenant_id = ${h.tenantB} AND (status = 'sending' OR sent_at >= date_trunc('month', now() AT TIME ZONE 'Asia/Jakarta') AT TIME ZONE 'Asia/Jakarta')`;
  await h.admin`UPDATE saas_plans SET max_wa_messages_month = ${used!.n + room} WHERE id = ${plan!.id}`;
  try {
    await fn();
  } finally {
    await h.admin`UPDATE saas_plans SET max_wa_messages_month = ${plan!.max} WHERE id = ${plan!.id}`;
    await h.admin`UPDATE tenant_settings SET wa_quota_exceeded_at = NULL`;
  }
}

describe('limits', () => {
  it('the plan quota: over it nothing is sent, the message says why and the ISP is flagged', async () => {
    await withQuotaRoom(2, async () => {
      const ids = await queue(h.tenantB, 4, { prefix: 821 });
      await drainAll(h.tenantB);
      const rows = await statusOf(ids);
      expect(rows.filter((r) => r.status === 'sent' || r.status === 'delivered')).toHaveLength(2);
      expect(rows.filter((r) => r.status === 'failed' && r.error_code === 'quota_exceeded')).toHaveLength(2);
      const [flag] = await h.admin<{ at: Date | null }[]>`SELECT wa_quota_exceeded_at AS at FROM tenant_settings WHERE tenant_id = ${h.tenantB}`;
      expect(flag!.at).not.toBeNull();
    });
  });

  it('a lease that ran out does not count against the quota: the message is queued again and goes out', async () => {
    await withQuotaRoom(1, async () => {
      const [id] = await queue(h.tenantB, 1, { prefix: 823 });
      // claimed by a drain that died before the gateway answered, an hour ago (Cloud API: sent again)
      await h.admin`UPDATE tenant_wa_messages SET status = 'sending', provider = 'cloud', attempts = 1, claimed_at = now() - interval '1 hour' WHERE id = ${id!}`;
      await drainAll(h.tenantB);
      const [row] = await statusOf([id!]);
      expect(row!.error_code).toBeNull();
      expect(['sent', 'delivered']).toContain(row!.status);
      expect(row!.attempts).toBe(2);
    });
  });

  it('quiet hours hold reminders until they end (ISP’s timezone); urgent notices go at once', async () => {
    const now = localMinutes(new Date(), 'Asia/Jakarta');
    const hhmm = (m: number) => `${String(Math.floor(((m + 1440) % 1440) / 60)).padStart(2, '0')}:${String((m + 1440) % 60).padStart(2, '0')}`;
    await h.admin`UPDATE tenant_settings SET wa_quiet_start = ${hhmm(now - 60)}, wa_quiet_end = ${hhmm(now + 60)} WHERE tenant_id = ${h.tenantB}`;
    try {
      const reminder = await queue(h.tenantB, 1, { code: 'payment_reminder', prefix: 822 });
      const urgent = await queue(h.tenantB, 1, { code: 'isolir_notice', prefix: 823 });
      await attemptEach(h.tenantB, urgent, 1);
      expect((await statusOf(urgent))[0]!.status).toBe('sent');
      const [r] = await h.admin<{ status: string; scheduled_at: Date }[]>`SELECT status, scheduled_at FROM tenant_wa_messages WHERE id = ${reminder[0]!}`;
      expect(r!.status).toBe('queued');
      const wait = new Date(r!.scheduled_at).getTime() - Date.now();
      expect(wait).toBeGreaterThan(55 * 60_000);
      expect(wait).toBeLessThan(61 * 60_000);
    } finally {
      await h.admin`UPDATE tenant_settings SET wa_quiet_start = NULL, wa_quiet_end = NULL`;
    }
  });

  it('opt-out stops reminders, never the isolir notice', async () => {
    const [c] = await h.admin<{ id: string; phone: string }[]>`SELECT id, phone FROM tenant_customers WHERE tenant_id = ${h.tenantB} AND phone IS NOT NULL LIMIT 1`;
    await h.inTenant(h.tenantB, (tx) => setReminderOptOut(tx, c!.id, true));
    try {
      const ids = await h.inTenant(h.tenantB, async (tx) => [
        await queueMessage(tx, h.tenantB, { customerId: c!.id, code: 'payment_reminder', toPhone: c!.phone, values: {}, dedupeKey: 't:opt:r' }),
        await queueMessage(tx, h.tenantB, { customerId: c!.id, code: 'isolir_notice', toPhone: c!.phone, values: {}, dedupeKey: 't:opt:i' }),
      ]);
      expect(ids[0]).toBeNull();
      expect(ids[1]).not.toBeNull();
    } finally {
      await h.inTenant(h.tenantB, (tx) => setReminderOptOut(tx, c!.id, false));
    }
  });

  it('10/s per ISP under a burst of 1,000, while another ISP’s messages are not delayed', { timeout: 60_000 }, async () => {
    // the burst, set-based (as the billing run writes it)
    await h.admin`
      INSERT INTO tenant_wa_messages (tenant_id, template_code, to_phone, body, dedupe_key)
      SELECT ${h.tenantA}, NULL, '+62857' || lpad(g::text, 8, '0'), 'burst ' || g, 't:burst:' || g FROM generate_series(1, 1000) g`;
    const bIds = await queue(h.tenantB, 5, { prefix: 838 });
    // every batch the limiter admits for A, by its window (a fixed window's `reset` is its end)
    const admitted = new Map<number, number>();
    const limiter = h.services.limiter;
    const limit = limiter.limit.bind(limiter);
    limiter.limit = async (identifier, options) => {
      const answer = await limit(identifier, options);
      if (answer.success && identifier === h.tenantA) admitted.set(answer.reset, (admitted.get(answer.reset) ?? 0) + (options?.rate ?? 1));
      return answer;
    };
    const TARGET = 40; // A's sends to watch: four windows of its limit
    const sentA = () => h.sim.messages().filter((m) => m.provider === 'cloud').length;
    const deadline = Date.now() + 40_000; // a bound for a loaded machine, not a speed claim
    // A drains its backlog at its limiter's pace until TARGET messages went out
    const loopA = (async () => {
      while (sentA() < TARGET && Date.now() < deadline) {
        const r = await h.drain(h.tenantA);
        const next = r.next_run_at ? new Date(r.next_run_at).getTime() : null;
        if (next === null) return;
        await sleep(Math.max(10, Math.min(next - Date.now(), 1000)));
      }
    })();
    // B, meanwhile: its own limiter lets its five through at once (at most its own window's
    // reset, if earlier tests' sends are still in it), whatever A's backlog
    await sleep(50);
    while ((await statusOf(bIds)).some((r) => r.status === 'queued') && Date.now() < deadline) {
      await h.drain(h.tenantB);
      await sleep(100);
    }
    expect((await statusOf(bIds)).every((r) => r.status !== 'queued')).toBe(true);
    const aWhenBDone = sentA();
    await loopA;
    limiter.limit = limit;
    expect(sentA()).toBeGreaterThanOrEqual(TARGET);
    // B did not wait behind A's backlog of 1,000 (100 s at 10/s): it was through before A had sent 40
    expect(aWhenBDone).toBeLessThan(TARGET);
    const aTimes = h.sim.messages().filter((m) => m.provider === 'cloud').map((m) => Date.parse(m.received_at)).sort((x, y) => x - y);
    // the limiter admitted at most 10 in each second of the clock, and every message sent was admitted
    // (counted at admission: arrival at the gateway lags it by as much as a loaded machine makes it —
    // a batch admitted late in one second may land in the next, next to that second's own batch)
    expect(Math.max(...admitted.values())).toBeLessThanOrEqual(10);
    expect([...admitted.values()].reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(aTimes.length);
    // and over the whole run, arrivals no faster than 10/s (+ one window of lag) — without the
    // limiter the whole burst would arrive at once
    const spanWindows = Math.floor(aTimes.at(-1)! / 1000) - Math.floor(aTimes[0]! / 1000) + 1;
    expect(aTimes.length).toBeLessThanOrEqual(10 * (spanWindows + 1));
    const [left] = await h.admin<{ n: number }[]>`SELECT count(*)::int AS n FROM tenant_wa_messages WHERE tenant_id = ${h.tenantA} AND status = 'queued'`;
    expect(left!.n).toBe(1000 - aTimes.length); // nothing lost, the rest still waits
  });
});

describe('templates and writers', () => {
  it('SQL rendering (set-based writers) equals the TypeScript rules', async () => {
    const vals = { name: 'Budi', number: 'INV-1', amount: 'Rp 150.000', due_date: '10/12/2026', company_name: 'Sinar' };
    for (const body of [DEFAULT_WA_TEMPLATES.invoice_issued.id, DEFAULT_WA_TEMPLATES.payment_reminder.en, 'no vars', '{{name}}{{name}} {{unknown}}']) {
      const [r] = await h.admin<{ text: string; params: string[] }[]>`
        SELECT sys_wa_render(${body}, ${JSON.stringify(vals)}::text::jsonb) AS text, sys_wa_params(${body}, ${JSON.stringify(vals)}::text::jsonb) AS params`;
      expect(r!.text).toBe(renderTemplate(body, vals));
      expect(r!.params).toEqual(templateParams(body, vals));
    }
  });

  it('an unknown variable is refused when saving; a preview uses a real customer', async () => {
    const err = await h.inTenant(h.tenantA, (tx) => saveTemplate(tx, { code: 'restore_notice', language: 'id', body: 'Halo {{name}} {{saldo}}', is_active: true })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('VALIDATION_FAILED');
    expect((err as AppError).details?.body).toMatch(/\{\{saldo\}\}/);
    // the seeded defaults are not "customised"; an edit is, and a reset is not again
    const state = async () => (await h.inTenant(h.tenantA, (tx) => listTemplates(tx))).find((w) => w.code === 'restore_notice' && w.language === 'id')!;
    expect((await state()).customised).toBe(false);
    const saved = await h.inTenant(h.tenantA, (tx) => saveTemplate(tx, { code: 'restore_notice', language: 'id', body: 'Halo {{name}}, aktif lagi.', is_active: true }));
    expect(saved.customised).toBe(true);
    expect((await state()).customised).toBe(true);
    await h.inTenant(h.tenantA, (tx) => resetTemplate(tx, 'restore_notice', 'id'));
    expect(await state()).toMatchObject({ customised: false, body: DEFAULT_WA_TEMPLATES.restore_notice.id });
    const [c] = await h.admin<{ id: string; name: string }[]>`
      SELECT c.id, c.name FROM tenant_customers c WHERE c.tenant_id = ${h.tenantA} AND EXISTS (SELECT 1 FROM tenant_invoices i WHERE i.customer_id = c.id) LIMIT 1`;
    const p = await h.inTenant(h.tenantA, (tx) => previewTemplate(tx, { code: 'invoice_issued', language: 'id', customer_id: c!.id }));
    expect(p.body).toContain(c!.name);
    expect(p.values.amount).toMatch(/^Rp [\d.]+$/);
  });

  it('the billing run queues invoice_issued for exactly the invoices it issued, in its transaction', async () => {
    const [d] = await h.admin<{ day: string }[]>`
      SELECT to_char(date_trunc('month', now()) + interval '1 month' + (c.billing_day - 1) * interval '1 day', 'YYYY-MM-DD') AS day
      FROM tenant_customers c WHERE c.tenant_id = ${h.tenantB} AND c.status = 'active' GROUP BY c.billing_day ORDER BY count(*) DESC LIMIT 1`;
    const result = await h.inTenant(h.tenantB, (tx) => runBillingCycle(tx, h.tenantB, d!.day));
    expect(result.created).toBeGreaterThan(0);
    const [n] = await h.admin<{ n: number; with_phone: number }[]>`
      SELECT count(*)::int AS n, count(*) FILTER (WHERE c.phone IS NOT NULL)::int AS with_phone FROM tenant_invoices i JOIN tenant_customers c ON c.id = i.customer_id
      WHERE i.tenant_id = ${h.tenantB} AND i.period_start = ${result.period_start}::date`;
    const [q] = await h.admin<{ n: number }[]>`
      SELECT count(*)::int AS n FROM tenant_wa_messages m JOIN tenant_invoices i ON m.dedupe_key = 'invoice_issued:' || i.id::text
      WHERE m.tenant_id = ${h.tenantB} AND i.period_start = ${result.period_start}::date`;
    expect(n!.n).toBe(result.created);
    expect(q!.n).toBe(n!.with_phone);
    const [job] = await h.admin<{ n: number }[]>`SELECT count(*)::int AS n FROM graphile_worker._private_jobs WHERE key = ${`wa:${h.tenantB}`}`;
    expect(job!.n).toBe(1);
  });

  it('a settling payment sends the receipt (settlement hook); reminders are spread and queued once', async () => {
    const [inv] = await h.admin<{ id: string; owed: number }[]>`
      SELECT i.id, (i.total - i.paid_amount)::int AS owed FROM tenant_invoices i JOIN tenant_customers c ON c.id = i.customer_id
      WHERE i.tenant_id = ${h.tenantA} AND i.status IN ('unpaid', 'overdue') AND c.phone IS NOT NULL LIMIT 1`;
    const payment = await h.inTenant(h.tenantA, (tx) =>
      recordPayment(tx, { redis: null as never, logger: h.services.logger, secretBox: h.services.secretBox, routers: null as never, cachePrefix: 't' }, h.tenantA, { invoice_id: inv!.id, amount: inv!.owed, method: 'cash' }, null),
    ).catch((e: unknown) => e);
    if (payment instanceof Error) throw payment;
    const [receipt] = await h.admin<{ body: string }[]>`SELECT body FROM tenant_wa_messages WHERE dedupe_key = ${`payment_receipt:${(payment as { id: string }).id}`}`;
    expect(receipt!.body).toMatch(/^Terima kasih .*, pembayaran Rp [\d.]+ untuk tagihan /);

    const [due] = await h.admin<{ day: string; n: number }[]>`
      SELECT to_char(i.due_date - 3, 'YYYY-MM-DD') AS day, count(*)::int AS n FROM tenant_invoices i JOIN tenant_customers c ON c.id = i.customer_id
      WHERE i.tenant_id = ${h.tenantA} AND i.status = 'unpaid' AND i.total > i.paid_amount AND c.phone IS NOT NULL AND NOT c.wa_opt_out_reminders AND c.status IN ('active', 'isolated')
      GROUP BY i.due_date ORDER BY count(*) DESC LIMIT 1`;
    const first = await h.inTenant(h.tenantA, (tx) => queueReminders(tx, h.tenantA, due!.day));
    expect(first).toBeGreaterThanOrEqual(due!.n);
    expect(await h.inTenant(h.tenantA, (tx) => queueReminders(tx, h.tenantA, due!.day))).toBe(0);
    const spread = await h.admin<{ min: Date; max: Date }[]>`
      SELECT min(scheduled_at) AS min, max(scheduled_at) AS max FROM tenant_wa_messages WHERE tenant_id = ${h.tenantA} AND dedupe_key LIKE ${`%:${due!.day}`}`;
    if (first > 1) expect(new Date(spread[0]!.max).getTime()).toBeGreaterThan(new Date(spread[0]!.min).getTime());
    const page = await h.inTenant(h.tenantA, (tx) => listMessages(tx, { limit: 2, template_code: 'payment_reminder' }));
    expect(page.items.length).toBeGreaterThan(0);
  });

  it('the message log names the customer; the stats report counts each day of the ISP’s calendar', async () => {
    const [c] = await h.admin<{ id: string; name: string; phone: string }[]>`
      SELECT id, name, phone FROM tenant_customers WHERE tenant_id = ${h.tenantA} AND phone IS NOT NULL LIMIT 1`;
    const tag = `t:day:${Math.random()}`;
    const ids = await h.inTenant(h.tenantA, async (tx) => {
      const out: string[] = [];
      for (const [i, body] of ['a', 'b', 'c', 'd'].entries()) {
        const id = await queueMessage(tx, h.tenantA, { customerId: i === 0 ? c!.id : null, code: null, toPhone: c!.phone, body, dedupeKey: `${tag}:${i}` });
        out.push(id!);
      }
      return out;
    });
    const named = await h.inTenant(h.tenantA, (tx) => getMessage(tx, ids[0]!));
    expect(named.customer_name).toBe(c!.name);
    expect((await h.inTenant(h.tenantA, (tx) => getMessage(tx, ids[1]!))).customer_name).toBeNull();
    const page = await h.inTenant(h.tenantA, (tx) => listMessages(tx, { limit: 100, customer_id: c!.id }));
    expect(page.items.find((m) => m.id === ids[0])?.customer_name).toBe(c!.name);

    // two days ago in the ISP's timezone: delivered, read, failed, and one still queued
    const [when] = await h.admin<{ day: string; today: string }[]>`
      SELECT to_char((now() - interval '2 days') AT TIME ZONE t.timezone, 'YYYY-MM-DD') AS day, to_char(now() AT TIME ZONE t.timezone, 'YYYY-MM-DD') AS today
      FROM saas_tenants t WHERE t.id = ${h.tenantA}`;
    const before = await h.inTenant(h.tenantA, (tx) => waStatsReport(tx));
    await h.admin`
      UPDATE tenant_wa_messages SET created_at = now() - interval '2 days',
        status = (ARRAY['delivered', 'read', 'failed', 'queued'])[array_position(${ids}::uuid[], id)]
      WHERE id = ANY(${ids}::uuid[])`;
    const after = await h.inTenant(h.tenantA, (tx) => waStatsReport(tx));
    expect(after.days).toHaveLength(30);
    expect(after.days.at(-1)!.day).toBe(when!.today);
    expect(after.days.map((d) => d.day)).toEqual([...after.days.map((d) => d.day)].sort());
    const dayOf = (r: typeof after) => r.days.find((d) => d.day === when!.day)!;
    const delta = (k: 'delivered' | 'sent' | 'failed' | 'waiting') => dayOf(after)[k] - dayOf(before)[k];
    // the four were created today before the update moved them two days back
    expect([delta('delivered'), delta('sent'), delta('failed'), delta('waiting')]).toEqual([2, 0, 1, 1]);
    const sum = (r: typeof after, k: 'delivered' | 'sent' | 'failed' | 'waiting') => r.days.reduce((n, d) => n + d[k], 0);
    expect(sum(after, 'delivered')).toBe(after.delivered + after.read);
    expect(sum(after, 'failed')).toBe(after.failed);
    expect(sum(after, 'waiting')).toBe(after.queued + after.sending);
    expect(sum(after, 'sent')).toBe(after.sent);
    await h.admin`DELETE FROM tenant_wa_messages WHERE id = ANY(${ids}::uuid[])`;
  });
});
