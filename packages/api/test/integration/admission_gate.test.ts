/**
 * The admission gate (step 0 of every procedure) on the real stack. Writes are made slow
 * by a lock the test holds on tenant_customers (the admitted creates wait inside their
 * transactions), so what the gate admits and refuses does not depend on machine speed:
 * N concurrent creates → exactly maxInFlight + maxQueued admitted, the rest refused at
 * once with 503 SERVICE_UNAVAILABLE + Retry-After while the admitted still wait; then the
 * admitted writes all land, the refused changed nothing, and the gate drains to zero.
 */
import postgres from 'postgres';
import { Registry } from 'prom-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '@rrnet/contracts';
import { registerAdmissionMetrics } from '@rrnet/metrics';
import { AdmissionGate } from '@rrnet/resilience';
import { startHarness } from './api_harness';
import type { Harness } from './api_harness';

let h: Harness;
let admin: postgres.Sql;
let owner: string;
let planId: string;

beforeAll(async () => {
  h = await startHarness();
  admin = postgres(h.db.adminUrl, { max: 2, onnotice: () => {} });
  owner = (await h.login('owner@sinarnet.demo')).access_token;
  const [plan] = await admin<{ id: string }[]>`SELECT id FROM tenant_service_plans WHERE tenant_id = ${h.tenantA} ORDER BY name LIMIT 1`;
  planId = plan!.id;
});
afterEach(() => {
  delete h.services.admission;
  delete h.services.signInAdmission;
});
afterAll(async () => {
  await admin.end();
  await h.close();
});

type Settled = { ok: true; name: string } | { ok: false; name: string; error: unknown };

function create(name: string, phone: string): Promise<Settled> {
  return h
    .call(owner)
    .customers.customers.create({ name, phone, plan_id: planId })
    .then(
      () => ({ ok: true as const, name }),
      (error: unknown) => ({ ok: false as const, name, error }),
    );
}

/** Holds an EXCLUSIVE lock on tenant_customers (reads pass, inserts wait) until released. */
async function holdCustomerInserts(): Promise<{ release: () => Promise<void> }> {
  let release!: () => void;
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  let locked!: () => void;
  const taken = new Promise<void>((resolve) => {
    locked = resolve;
  });
  const tx = admin.begin(async (sql) => {
    await sql`LOCK TABLE tenant_customers IN EXCLUSIVE MODE`;
    locked();
    await held;
  });
  await taken;
  return {
    release: async () => {
      release();
      await tx;
    },
  };
}

/** Polls (no time bound of its own: the test's timeout is the bound) until `check` holds. */
async function until(check: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((r) => setTimeout(r, 20));
}

async function metric(registry: Registry, name: string, labels: Record<string, string> = {}): Promise<number | undefined> {
  const found = (await registry.getMetricsAsJSON()).find((m) => m.name === name);
  return found?.values.find((v) => Object.entries(labels).every(([k, value]) => v.labels[k] === value))?.value;
}

function refusal(result: Settled): AppError {
  expect(result.ok).toBe(false);
  const cause = (result as { error: { cause?: unknown } }).error.cause;
  expect(cause).toBeInstanceOf(AppError);
  return cause as AppError;
}

const namesLike = async (prefix: string) =>
  (await admin<{ name: string }[]>`SELECT name FROM tenant_customers WHERE tenant_id = ${h.tenantA} AND name LIKE ${`${prefix}%`} ORDER BY name`).map((r) => r.name);

describe('admission gate', () => {
  it('admits exactly in flight + queued, refuses the rest at once with 503 + Retry-After, loses nothing and drains to zero', async () => {
    const gate = new AdmissionGate({ maxInFlight: 3, maxQueued: 2, queueTimeoutMs: 600_000 });
    const registry = new Registry();
    registerAdmissionMetrics(registry, { api: gate });
    h.services.admission = gate;
    const lock = await holdCustomerInserts();
    const n = 12;
    let settledCount = 0;
    const calls = Array.from({ length: n }, (_, i) =>
      create(`Gate Load ${String(i).padStart(2, '0')}`, `0812555000${String(i).padStart(2, '0')}`).then((r) => {
        settledCount++;
        return r;
      }),
    );
    // the refused answer while the admitted are still held by the lock
    await until(() => settledCount === n - 5);
    expect(gate.snapshot()).toMatchObject({ inFlight: 3, queued: 2 });
    // the three in flight are inside their transactions, waiting on the lock
    await until(async () => {
      const [row] = await admin<{ n: number }[]>`
        SELECT count(*)::int AS n FROM pg_stat_activity
        WHERE datname = current_database() AND wait_event_type = 'Lock'`;
      return row!.n === 3;
    });
    expect(await metric(registry, 'rrnet_api_admission_in_flight')).toBe(3);
    expect(await metric(registry, 'rrnet_api_admission_queued')).toBe(2);
    expect(await metric(registry, 'rrnet_api_admission_rejected_total', { reason: 'full' })).toBe(n - 5);
    expect(await metric(registry, 'rrnet_api_admission_limit', { bound: 'in_flight' })).toBe(3);
    expect(await metric(registry, 'rrnet_api_admission_limit', { bound: 'queued' })).toBe(2);
    // nothing was written while they wait
    expect(await namesLike('Gate Load')).toEqual([]);

    await lock.release();
    const results = await Promise.all(calls);
    const admitted = results.filter((r) => r.ok);
    const refused = results.filter((r) => !r.ok);
    expect(admitted).toHaveLength(5);
    expect(refused).toHaveLength(n - 5);
    for (const r of refused) {
      const err = refusal(r);
      expect(err.code).toBe('SERVICE_UNAVAILABLE');
      expect(err.httpStatus).toBe(503);
      expect(err.headers?.['Retry-After']).toMatch(/^[1-9]\d*$/);
      expect(err.details).toMatchObject({ reason: 'overloaded' });
    }
    // every admitted write landed, once; no refused one did
    expect(await namesLike('Gate Load')).toEqual(admitted.map((r) => r.name).sort());
    expect(gate.snapshot()).toMatchObject({ inFlight: 0, queued: 0 });
    expect(await metric(registry, 'rrnet_api_admission_in_flight')).toBe(0);
    expect(await metric(registry, 'rrnet_api_admission_queued')).toBe(0);
    // and it admits again
    expect((await create('Gate Load after', '081255500099')).ok).toBe(true);
  });

  it('refuses a call that waited in the queue past API_QUEUE_TIMEOUT_MS; it never runs', async () => {
    const gate = new AdmissionGate({ maxInFlight: 1, maxQueued: 1, queueTimeoutMs: 200 });
    const registry = new Registry();
    registerAdmissionMetrics(registry, { api: gate });
    h.services.admission = gate;
    const lock = await holdCustomerInserts();
    const first = create('Gate Queue first', '081255510001');
    await until(() => gate.inFlight === 1);
    // answered while the first still holds the only slot
    const second = await create('Gate Queue second', '081255510002');
    expect(refusal(second).code).toBe('SERVICE_UNAVAILABLE');
    expect(refusal(second).headers?.['Retry-After']).toMatch(/^[1-9]\d*$/);
    expect(await metric(registry, 'rrnet_api_admission_rejected_total', { reason: 'queue_timeout' })).toBe(1);
    expect(gate.queued).toBe(0);
    await lock.release();
    expect((await first).ok).toBe(true);
    expect(await namesLike('Gate Queue')).toEqual(['Gate Queue first']);
    expect(gate.snapshot()).toMatchObject({ inFlight: 0, queued: 0 });
  });

  it('sign-in waits in a lane of its own: a full sign-in lane refuses sign-ins, not signed-in work; a full API gate does not stop sign-ins', async () => {
    const api = new AdmissionGate({ maxInFlight: 1, maxQueued: 0, queueTimeoutMs: 0 });
    const signIn = new AdmissionGate({ maxInFlight: 1, maxQueued: 0, queueTimeoutMs: 0 });
    const registry = new Registry();
    registerAdmissionMetrics(registry, { api, sign_in: signIn });
    h.services.admission = api;
    h.services.signInAdmission = signIn;

    // the sign-in lane's only slot is taken (as by a password check still running)
    let free!: () => void;
    const holding = signIn.run(() => new Promise<void>((resolve) => (free = resolve)));
    await until(() => signIn.inFlight === 1);
    const refused = await h.login('owner@sinarnet.demo').then(
      () => null,
      (error: { cause?: unknown }) => error.cause,
    );
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).code).toBe('SERVICE_UNAVAILABLE');
    expect((refused as AppError).headers?.['Retry-After']).toMatch(/^[1-9]\d*$/);
    expect(await metric(registry, 'rrnet_api_admission_rejected_total', { lane: 'sign_in', reason: 'full' })).toBe(1);
    expect(await metric(registry, 'rrnet_api_admission_rejected_total', { lane: 'api', reason: 'full' })).toBe(0);
    // signed-in work still runs, in the API's gate
    expect((await h.call(owner).admin.users.list()).length).toBeGreaterThan(0);
    free();
    await holding;

    // the API's gate full (a create held by the lock): a sign-in still goes through its lane
    const lock = await holdCustomerInserts();
    const first = create('Gate Lane first', '081255530001');
    await until(() => api.inFlight === 1);
    const tokens = await h.login('owner@sinarnet.demo');
    expect(tokens.access_token).toEqual(expect.any(String));
    expect(await metric(registry, 'rrnet_api_admission_in_flight', { lane: 'api' })).toBe(1);
    expect(await metric(registry, 'rrnet_api_admission_in_flight', { lane: 'sign_in' })).toBe(0);
    await lock.release();
    expect((await first).ok).toBe(true);
    expect(api.snapshot()).toMatchObject({ inFlight: 0, queued: 0 });
    expect(signIn.snapshot()).toMatchObject({ inFlight: 0, queued: 0 });
  });

  it('a refusal comes before the chain: an unauthenticated call is refused by the gate, not by step 1', async () => {
    const gate = new AdmissionGate({ maxInFlight: 1, maxQueued: 0, queueTimeoutMs: 0 });
    h.services.admission = gate;
    const lock = await holdCustomerInserts();
    const first = create('Gate Chain first', '081255520001');
    await until(() => gate.inFlight === 1);
    // an unauthenticated call is refused by the gate, not by step 1
    const anonymous = await h
      .call(null)
      .admin.users.list()
      .then(
        () => null,
        (error: { cause?: unknown }) => error.cause,
      );
    expect(anonymous).toBeInstanceOf(AppError);
    expect((anonymous as AppError).code).toBe('SERVICE_UNAVAILABLE');
    await lock.release();
    expect((await first).ok).toBe(true);
    expect(gate.inFlight).toBe(0);
  });
});
