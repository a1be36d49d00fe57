/**
 * The admission gate as a client on the network meets it, over REST and tRPC, with the
 * web config's bounds set small (API_MAX_IN_FLIGHT=2, API_MAX_QUEUED=1). Writes are made
 * slow by a lock the test holds on tenant_customers, so nothing here depends on machine
 * speed: the calls past the bounds are answered 503 SERVICE_UNAVAILABLE with Retry-After
 * (and match the OpenAPI document) while the admitted still wait; health and readiness
 * answer meanwhile; then every admitted write lands, no refused one does, and the gate
 * is empty again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorEnvelopeSchema } from '@rrnet/contracts';
import type * as ReadyRoute from '~/app/api/health/ready/route';
import type * as TrpcRoute from '~/app/api/trpc/[trpc]/route';
import { startRestHarness } from './rest_harness';
import type { Answer, RestHarness } from './rest_harness';

let h: RestHarness;
let ready: typeof ReadyRoute;
let trpc: typeof TrpcRoute;
let owner: string;
let planId: string;

beforeAll(async () => {
  h = await startRestHarness({ rateLimitScale: 1000, admission: { maxInFlight: 2, maxQueued: 1, queueTimeoutMs: 60_000 } });
  ready = await import('~/app/api/health/ready/route');
  trpc = await import('~/app/api/trpc/[trpc]/route');
  owner = await h.login('owner@sinarnet.demo');
  const [plan] = await h.admin<{ id: string }[]>`
    SELECT p.id FROM tenant_service_plans p JOIN saas_tenants t ON t.id = p.tenant_id
    WHERE t.slug = 'sinar-net' ORDER BY p.name LIMIT 1`;
  planId = plan!.id;
  // a worker heartbeat, so readiness is 200 when nothing is down
  await h.admin`INSERT INTO sys_worker_heartbeats (worker_id, hostname, pid, concurrency) VALUES ('gate-test', 'h', 1, 1)`;
});
afterAll(async () => {
  await h?.close();
});

async function gate() {
  const { services } = await import('~/server/services');
  return services().admission!;
}

/** Polls until `check` holds (the test's timeout is the bound). */
async function until(check: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((r) => setTimeout(r, 20));
}

describe('admission gate over HTTP', () => {
  it('refuses past the bounds at once with 503 + Retry-After, answers probes meanwhile, loses nothing', async () => {
    expect((await gate()).limits).toEqual({ maxInFlight: 2, maxQueued: 1, queueTimeoutMs: 60_000 });
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let locked!: () => void;
    const taken = new Promise<void>((resolve) => {
      locked = resolve;
    });
    const lock = h.admin.begin(async (sql) => {
      await sql`LOCK TABLE tenant_customers IN EXCLUSIVE MODE`;
      locked();
      await held;
    });
    await taken;

    let calls: Promise<Answer & { name: string }>[];
    try {
      const n = 8;
      const answers: (Answer & { name: string })[] = [];
      calls = Array.from({ length: n }, (_, i) => {
        const name = `Gerbang ${i}`;
        // every answer is checked against the document: a 503 without Retry-After fails here
        return h
          .call('POST', '/customers/customers', { token: owner, body: { name, phone: `08125560000${i}`, plan_id: planId } })
          .then((a) => {
            answers.push({ ...a, name });
            return { ...a, name };
          });
      });
      await until(() => answers.length === n - 3);
      expect((await gate()).snapshot()).toMatchObject({ inFlight: 2, queued: 1 });
      for (const a of answers) {
        expect(a.status).toBe(503);
        expect(a.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
        expect(a.operation).toBe('customers-customers-create');
        expect(errorEnvelopeSchema.parse(a.body)).toMatchObject({ error_code: 'SERVICE_UNAVAILABLE', details: { reason: 'overloaded' } });
      }

      // probes are not gated: readiness (route and procedure) answers while the gate is full
      const readiness = await ready.GET(new Request('http://x/api/health/ready'));
      expect(readiness.status).toBe(200);
      const health = await h.call('GET', '/system/health');
      expect(health.status).toBe(200);
      expect(health.body).toMatchObject({ data: { ready: true } });

      // the tRPC transport refuses the same way
      const viaTrpc = await trpc.GET(new Request('http://x/api/trpc/admin.users.list', { headers: { authorization: `Bearer ${owner}` } }));
      expect(viaTrpc.status).toBe(503);
      expect(viaTrpc.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
      expect((await viaTrpc.json()).error.json.data).toMatchObject({ error_code: 'SERVICE_UNAVAILABLE' });
    } finally {
      // a failed expectation above must not leave the lock (and the admitted calls) hanging
      release();
      await lock;
    }
    const results = await Promise.all(calls);
    const admitted = results.filter((a) => a.status === 200);
    const n = results.length;
    expect(admitted).toHaveLength(3);
    expect(results.filter((a) => a.status === 503)).toHaveLength(n - 3);
    const rows = await h.admin<{ name: string }[]>`SELECT name FROM tenant_customers WHERE name LIKE 'Gerbang %' ORDER BY name`;
    expect(rows.map((r) => r.name)).toEqual(admitted.map((a) => a.name).sort());
    expect((await gate()).snapshot()).toMatchObject({ inFlight: 0, queued: 0 });
  });
});
