/**
 * The API contract, checked by tools nobody here wrote (issue 13). The served
 * /api/v1/openapi.json passes Redocly's recommended lint with no errors and
 * swagger-parser's validation; every answer of a broad set of real REST calls (the route
 * handler in-process, on a seeded database and the real Redis) matches the document's
 * schema for its operation and status (tests/openapi_validator.ts — a body that does not
 * match fails); and a client generated from the document (openapi-typescript types,
 * openapi-fetch) reads a list and an error through the same handler.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import SwaggerParser from '@apidevtools/swagger-parser';
import createClient from 'openapi-fetch';
import openapiTS, { astToString } from 'openapi-typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpenApiMismatch, assertMatchesOpenApi } from '../../../../tests/openapi_validator';
import { dataOf, PASSWORD, PUBLIC_URL, startRestHarness } from './rest_harness';
import type { Answer, CallOptions, Json, RestHarness } from './rest_harness';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const UNKNOWN_ID = '0b6f2a52-5d3c-4e0b-9a51-3c2f1e0d9a77';

let h: RestHarness;
let doc: Json;
/** every answer the validator accepted: its operation and status */
const validated: { operation: string; status: number }[] = [];

beforeAll(async () => {
  h = await startRestHarness();
  doc = h.doc;
});
afterAll(async () => {
  const operations = new Set(validated.map((v) => v.operation));
  const statuses = [...new Set(validated.map((v) => v.status))].sort();
  console.info(
    `openapi contract: ${validated.length} REST answers matched the document, ` +
      `${operations.size} operations, statuses ${statuses.join(' ')}`,
  );
  await h.close();
});

const serve = (req: Request) => h.serve(req);

/** One REST call; the answer must match the document for its operation and status. */
async function call(method: string, path: string, options: CallOptions = {}): Promise<Answer> {
  const answer = await h.call(method, path, options);
  validated.push({ operation: answer.operation!, status: answer.status });
  return answer;
}

async function login(email: string): Promise<string> {
  const res = await call('POST', '/auth/login', { body: { email, password: PASSWORD } });
  expect(res.status).toBe(200);
  return (res.body.data as { access_token: string }).access_token;
}

const data = dataOf;
const errorCode = (a: Answer) => a.body.error_code;

describe('the served OpenAPI document', () => {
  it('passes Redocly (recommended) with no errors and swagger-parser validation, and documents every operation', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rrnet-openapi-'));
    try {
      const file = join(dir, 'openapi.json');
      await writeFile(file, JSON.stringify(doc, null, 2));
      // redocly exits 1 when it finds errors; its JSON report on stdout says which
      const stdout = await promisify(execFile)(
        join(ROOT, 'node_modules/.bin/redocly'),
        ['lint', file, '--config', join(ROOT, 'redocly.yaml'), '--format', 'json'],
        {
          cwd: ROOT,
          env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
        },
      ).then(
        (out) => out.stdout,
        (err: { stdout?: string; stderr?: string }) => err.stdout || String(err.stderr),
      );
      const report = JSON.parse(stdout) as {
        totals: { errors: number; warnings: number };
        problems: { ruleId: string; severity: string; message: string }[];
      };
      expect(report.problems.map((p) => `${p.severity} ${p.ruleId}: ${p.message}`)).toEqual([]);
      expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    // swagger-parser dereferences in place: give it a copy
    await expect(SwaggerParser.validate(structuredClone(doc) as never)).resolves.toBeTruthy();

    expect(doc.servers).toEqual([expect.objectContaining({ url: `${PUBLIC_URL}/api/v1` })]);
    const operations = Object.values(doc.paths as Record<string, Record<string, Json>>).flatMap(
      (item) => Object.values(item),
    );
    expect(operations).toHaveLength(149); // 66 (1 platform metrics) + 3 logo (get, upload, remove) + 3 payment gateway (get, select, Xendit keys) + 12 notifications + 3 router tunnel + 4 reports + 11 outages (with the map) + 9 tickets (with the customer's line) + 18 SaaS (invoices, plans, tenants, revenue, subscription; paying online: a SaaS invoice's payment link, ending the trial, the platform's Midtrans notification URL) + 6 sign-up (with resend) and onboarding + 7 audit (the ISP's and the platform's list, verify, export; an ISP's under support access) + 3 support access (get, grant, revoke) + 4 custom roles (list, create, update, delete)
    for (const op of operations) {
      expect(op.summary, String(op.operationId)).toEqual(expect.any(String));
      expect(String(op.description).length, String(op.operationId)).toBeGreaterThan(20);
    }
  });

  it('describes the envelopes, the codes each status carries, and the headers', () => {
    const paths = doc.paths as Record<string, Record<string, Json>>;
    const list = paths['/customers/customers']!.get!;
    const responses = list.responses as Record<string, Json>;
    expect(Object.keys(responses)).toEqual(['200', '400', '401', '403', '429', '500', '503']);
    const schemaOf = (status: string) =>
      ((responses[status]!.content as Json)['application/json'] as Json).schema as Json;
    expect(schemaOf('200')).toMatchObject({
      required: ['status', 'data', 'meta'],
      properties: { status: { const: 'success' } },
    });
    expect(schemaOf('403')).toMatchObject({
      properties: { error_code: { enum: ['FORBIDDEN', 'FEATURE_DISABLED'] } },
    });
    expect(Object.keys(responses['429']!.headers as Json)).toEqual(
      expect.arrayContaining([
        'Retry-After',
        'X-RateLimit-Limit',
        'X-RateLimit-Remaining',
        'X-RateLimit-Reset',
      ]),
    );
    // every 503 says when to come back (a database out of reach, the admission gate full)
    expect((responses['503']!.headers as Json)['Retry-After']).toEqual({ $ref: '#/components/headers/Retry-After' });
    expect(((doc.components as Json).headers as Json)['Retry-After']).toMatchObject({ required: true });
    expect(Object.keys(responses['200']!.headers as Json)).toEqual([
      'X-Request-Id',
      'X-RateLimit-Limit',
      'X-RateLimit-Remaining',
      'X-RateLimit-Reset',
      'X-RateLimit-Scope',
    ]);
    // tenant mutations take Idempotency-Key and can be 409; sign-in needs no token
    const create = paths['/customers/customers']!.post!;
    expect(create.parameters).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'Idempotency-Key', in: 'header', required: false }),
      ]),
    );
    expect(Object.keys(create.responses as Json)).toEqual([
      '200',
      '400',
      '401',
      '403',
      '409',
      '429',
      '500',
      '503',
    ]);
    expect(paths['/auth/login']!.post!.security).toEqual([]);
    expect(
      ((paths['/customers/customers/{id}']!.get!.responses as Json)['404'] as Json).description,
    ).toContain('NOT_FOUND');
  });
});

describe('every REST answer matches the document', () => {
  it('reads, writes and refusals across the modules', async () => {
    const owner = await login('owner@sinarnet.demo');
    const viewer = await login('viewer@sinarnet.demo');
    const platform = await login('admin@rrnet.demo');

    // public and account operations
    expect((await call('GET', '/system/health')).status).toBe(200);
    expect((await call('GET', '/auth/me', { token: owner })).status).toBe(200);
    expect((await call('GET', '/auth/sessions', { token: owner })).status).toBe(200);
    expect(
      errorCode(
        await call('POST', '/auth/login', {
          body: { email: 'owner@sinarnet.demo', password: 'wrong-password-1' },
        }),
      ),
    ).toBe('UNAUTHENTICATED');

    // reads
    const customers = await call('GET', '/customers/customers?limit=5', { token: owner });
    expect(customers.status).toBe(200);
    // the documented rate-limit headers are sent on the tenant chain's answers
    expect(customers.headers.get('x-ratelimit-limit')).toMatch(/^\d+$/);
    expect(customers.headers.get('x-ratelimit-scope')).toMatch(/^(tenant|user|ip)$/);
    const first = data<{ items: { id: string; plan_id: string }[] }>(customers).items[0]!;
    expect((await call('GET', `/customers/customers/${first.id}`, { token: owner })).status).toBe(
      200,
    );
    expect(
      (await call('GET', '/customers/customers?q=jalan&status=active', { token: viewer })).status,
    ).toBe(200);
    for (const path of [
      '/customers/plans',
      '/customers/imports',
      '/network/routers',
      '/network/topology',
      '/billing/invoices?limit=3',
      '/billing/payments?limit=3',
      '/billing/arrears',
      '/billing/summary',
      '/isolir/events?limit=5',
      '/admin/settings',
      '/admin/users',
      '/admin/roles',
      '/maps/features?min_lat=-6.4&min_lng=106.7&max_lat=-6.1&max_lng=107.1',
      '/reports/overview',
      '/reports/overview?preset=last_12_months',
      '/reports/overview?preset=custom&from=2026-01-01&to=2026-01-31',
      '/reports/exports',
    ]) {
      expect((await call('GET', path, { token: owner })).status, path).toBe(200);
    }
    const invoices = data<{ items: { id: string }[] }>(
      await call('GET', '/billing/invoices?limit=1', { token: owner }),
    ).items;
    expect(
      (await call('GET', `/billing/invoices/${invoices[0]!.id}`, { token: owner })).status,
    ).toBe(200);
    expect((await call('GET', '/platform/job-stats', { token: platform })).status).toBe(200);
    const exported = await call('POST', '/reports/exports', { token: owner, body: { kind: 'invoices', format: 'xlsx', period: { preset: 'last_month' } } });
    expect(exported.status).toBe(200);
    const exportId = data<{ id: string; status: string }>(exported).id;
    expect((await call('GET', `/reports/exports/${exportId}`, { token: owner })).status).toBe(200);
    expect(errorCode(await call('POST', '/reports/exports', { token: viewer, body: { kind: 'customers', format: 'csv' } }))).toBe('FORBIDDEN');
    expect((await call('GET', '/platform/dead-letters', { token: platform })).status).toBe(200);

    // writes: a plan, a customer on it, a change
    const plan = await call('POST', '/customers/plans', {
      token: owner,
      body: {
        name: 'Kontrak 30 Mbps',
        download_kbps: 30_000,
        upload_kbps: 10_000,
        price: 275_000,
        router_profile: 'kontrak-30m',
      },
    });
    expect(plan.status).toBe(200);
    const planId = data<{ id: string }>(plan).id;
    expect(
      (
        await call('PATCH', `/customers/plans/${planId}`, {
          token: owner,
          body: { price: 280_000 },
        })
      ).status,
    ).toBe(200);
    const created = await call('POST', '/customers/customers', {
      token: owner,
      body: { name: 'Wahyu Kurniawan', phone: '081298765432', plan_id: planId },
    });
    expect(created.status).toBe(200);
    const customerId = data<{ id: string }>(created).id;
    expect(
      (
        await call('PATCH', `/customers/customers/${customerId}`, {
          token: owner,
          body: { address: 'Jl. Pulo Gebang No. 3' },
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await call('POST', '/customers/imports/preview', {
          token: owner,
          body: { file_name: 'x.csv', csv: 'code,name\nC1,\n' },
        })
      ).status,
    ).toBe(200);

    // refusals
    expect(
      errorCode(
        await call('POST', '/customers/customers', {
          token: owner,
          body: { name: 'X', phone: 'abc', plan_id: 'nope' },
        }),
      ),
    ).toBe('VALIDATION_FAILED');
    expect(
      errorCode(await call('GET', '/customers/customers?limit=100000', { token: owner })),
    ).toBe('VALIDATION_FAILED');
    expect(errorCode(await call('GET', '/customers/customers'))).toBe('UNAUTHENTICATED');
    expect(
      errorCode(await call('POST', '/customers/plans', { token: owner, raw: '{"name": ' })),
    ).toBe('VALIDATION_FAILED');
    const plainText = await call('POST', '/customers/plans', {
      token: owner,
      raw: 'name=x',
      headers: { 'content-type': 'text/plain' },
    });
    expect([plainText.status, errorCode(plainText)]).toEqual([400, 'VALIDATION_FAILED']);
    // no body where the document asks for none: with or without a content type
    const sweep = { token: owner, headers: { 'content-type': 'application/json' }, raw: '' };
    expect((await call('POST', '/isolir/sweeps', sweep)).status).toBe(200);
    expect((await call('POST', '/isolir/sweeps', { token: owner })).status).toBe(200);
    expect(errorCode(await call('GET', '/billing/summary', { token: 'not-a-token' }))).toBe(
      'UNAUTHENTICATED',
    );
    expect(
      errorCode(
        await call('POST', '/customers/plans', {
          token: viewer,
          body: {
            name: 'Viewer plan',
            download_kbps: 1000,
            upload_kbps: 1000,
            price: 1,
            router_profile: 'v',
          },
        }),
      ),
    ).toBe('FORBIDDEN');
    expect(errorCode(await call('GET', '/admin/users', { token: viewer }))).toBe('FORBIDDEN');
    expect(errorCode(await call('GET', '/admin/api-keys', { token: owner }))).toBe(
      'FEATURE_DISABLED',
    ); // growth plan: no api_access
    expect(errorCode(await call('GET', '/platform/job-stats', { token: owner }))).toBe('FORBIDDEN');
    expect(
      errorCode(await call('GET', `/customers/customers/${UNKNOWN_ID}`, { token: owner })),
    ).toBe('NOT_FOUND');
    expect(errorCode(await call('GET', `/billing/invoices/${UNKNOWN_ID}`, { token: owner }))).toBe(
      'NOT_FOUND',
    );
    expect(
      errorCode(await call('GET', `/platform/dead-letters/${UNKNOWN_ID}`, { token: platform })),
    ).toBe('NOT_FOUND');
    expect(
      errorCode(
        await call('POST', '/customers/plans', {
          token: owner,
          body: {
            name: 'Kontrak 30 Mbps',
            download_kbps: 1000,
            upload_kbps: 1000,
            price: 1,
            router_profile: 'dup',
          },
        }),
      ),
    ).toBe('CONFLICT');
    expect(
      errorCode(
        await call('POST', `/customers/customers/${first.id}/anonymize`, {
          token: owner,
          body: { reason: 'still a customer' },
        }),
      ),
    ).toBe('CONFLICT');

    // Idempotency-Key: a retry replays, the same key on another request is a conflict
    const key = { 'idempotency-key': `contract-${customerId.slice(0, 8)}` };
    const once = await call('PATCH', `/customers/customers/${customerId}`, {
      token: owner,
      body: { billing_day: 12 },
      headers: key,
    });
    const again = await call('PATCH', `/customers/customers/${customerId}`, {
      token: owner,
      body: { billing_day: 12 },
      headers: key,
    });
    expect([once.status, again.status, again.headers.get('idempotent-replayed')]).toEqual([
      200,
      200,
      'true',
    ]);
    expect(data(again)).toEqual(data(once));
    expect(
      errorCode(
        await call('PATCH', `/customers/customers/${customerId}`, {
          token: owner,
          body: { billing_day: 13 },
          headers: key,
        }),
      ),
    ).toBe('CONFLICT');
    expect(
      errorCode(
        await call('PATCH', `/customers/customers/${customerId}`, {
          token: owner,
          body: { billing_day: 14 },
          headers: { 'idempotency-key': 'short' },
        }),
      ),
    ).toBe('VALIDATION_FAILED');

    const statuses = new Set(validated.map((v) => v.status));
    expect([...statuses].sort()).toEqual([200, 400, 401, 403, 404, 409]);
  });

  it('the other modules: account, admin, topology, routers, billing, isolir, imports, a second ISP', async () => {
    const pair = data<{ access_token: string; refresh_token: string }>(
      await call('POST', '/auth/login', {
        body: { email: 'admin@sinarnet.demo', password: PASSWORD },
      }),
    );
    const refreshed = await call('POST', '/auth/refresh', {
      body: { refresh_token: pair.refresh_token },
    });
    expect(refreshed.status).toBe(200);
    expect(
      errorCode(
        await call('POST', '/auth/refresh', { body: { refresh_token: pair.refresh_token } }),
      ),
    ).toBe('UNAUTHENTICATED');
    const admin = await login('admin@sinarnet.demo');
    const owner = await login('owner@sinarnet.demo');
    const bandung = await login('owner@parahyangan.demo');
    const other = data<{ tenant_id: string }>(
      await call('GET', '/auth/me', { token: bandung }),
    ).tenant_id;
    expect(
      errorCode(
        await call('POST', '/auth/switch-tenant', { token: owner, body: { tenant_id: other } }),
      ),
    ).toBe('FORBIDDEN');
    expect(errorCode(await call('DELETE', `/auth/sessions/${UNKNOWN_ID}`, { token: owner }))).toBe(
      'NOT_FOUND',
    );

    // admin
    expect(
      (
        await call('PATCH', '/admin/settings', {
          token: owner,
          body: { company_phone: '+62215550000', outage_detect_minutes: 15 },
        })
      ).status,
    ).toBe(200);
    const user = await call('POST', '/admin/users', {
      token: owner,
      body: { email: 'kasir2@sinarnet.demo', name: 'Kasir Dua', role: 'billing' },
    });
    expect(data<{ temporary_password: string | null }>(user).temporary_password).toEqual(
      expect.any(String),
    );
    const userId = data<{ user_id: string }>(user).user_id;
    expect(
      (await call('PATCH', `/admin/users/${userId}`, { token: owner, body: { role: 'viewer' } }))
        .status,
    ).toBe(200);
    expect(
      errorCode(
        await call('POST', '/admin/users', {
          token: owner,
          body: { email: 'kasir2@sinarnet.demo', name: 'Kasir Dua', role: 'billing' },
        }),
      ),
    ).toBe('CONFLICT');

    // topology and routers (no router is contacted: creating queues a sync job)
    const olt = await call('POST', '/network/topology', {
      token: owner,
      body: { kind: 'olt', name: 'OLT Kontrak', capacity: 16 },
    });
    expect(olt.status).toBe(200);
    const oltId = data<{ id: string }>(olt).id;
    expect(
      (await call('PATCH', `/network/topology/${oltId}`, { token: owner, body: { capacity: 32 } }))
        .status,
    ).toBe(200);
    expect((await call('DELETE', `/network/topology/${oltId}`, { token: owner })).status).toBe(200);
    expect(errorCode(await call('DELETE', `/network/topology/${oltId}`, { token: owner }))).toBe(
      'NOT_FOUND',
    );
    const router = await call('POST', '/network/routers', {
      token: owner,
      body: {
        name: 'RB-Kontrak',
        host: '192.0.2.10',
        username: 'rrnet',
        password: 'router-secret-1',
      },
    });
    expect(router.status).toBe(200);
    const routerId = data<{ id: string }>(router).id;
    expect(
      (await call('PATCH', `/network/routers/${routerId}`, { token: owner, body: { port: 8729 } }))
        .status,
    ).toBe(200);
    expect(
      (
        await call('POST', `/network/routers/${routerId}/sync`, {
          token: owner,
          body: { apply: false },
        })
      ).status,
    ).toBe(200);
    expect((await call('DELETE', `/network/routers/${routerId}`, { token: owner })).status).toBe(
      200,
    );

    // billing
    const open = data<{ items: { id: string; outstanding: number }[] }>(
      await call('GET', '/billing/invoices?status=unpaid&limit=2', { token: owner }),
    ).items;
    expect(open).toHaveLength(2);
    const payment = await call('POST', '/billing/payments', {
      token: owner,
      body: { invoice_id: open[0]!.id, amount: 1000, method: 'cash' },
    });
    expect(payment.status).toBe(200);
    const paymentId = data<{ id: string }>(payment).id;
    expect(
      (
        await call('POST', `/billing/payments/${paymentId}/void`, {
          token: owner,
          body: { reason: 'wrong invoice' },
        })
      ).status,
    ).toBe(200);
    expect(
      errorCode(
        await call('POST', `/billing/payments/${paymentId}/void`, {
          token: owner,
          body: { reason: 'again' },
        }),
      ),
    ).toBe('CONFLICT');
    expect(
      errorCode(
        await call('POST', '/billing/payments', {
          token: owner,
          body: { invoice_id: UNKNOWN_ID, amount: 1000, method: 'cash' },
        }),
      ),
    ).toBe('NOT_FOUND');
    expect(
      (
        await call('POST', `/billing/invoices/${open[1]!.id}/void`, {
          token: owner,
          body: { reason: 'issued twice' },
        })
      ).status,
    ).toBe(200);
    expect(
      (await call('POST', '/billing/runs', { token: owner, body: { day: '2026-11-05' } })).status,
    ).toBe(200);
    expect(
      errorCode(
        await call('POST', `/billing/invoices/${open[0]!.id}/payment-link`, { token: owner }),
      ),
    ).toBe('FEATURE_DISABLED');
    expect(
      errorCode(
        await call('PUT', '/billing/gateway/midtrans', {
          token: owner,
          body: { server_key: 'SB-Mid-server-0123456789' },
        }),
      ),
    ).toBe('FEATURE_DISABLED');

    // a customer's lifecycle and PII; API keys are not on either demo plan
    const someone = data<{ items: { id: string }[] }>(
      await call('GET', '/customers/customers?status=active&limit=1', { token: owner }),
    ).items[0]!;
    const revealed = await call('POST', `/customers/customers/${someone.id}/reveal-password`, {
      token: owner,
    });
    expect(data<{ pppoe_password: string }>(revealed).pppoe_password).toEqual(expect.any(String));
    const suspended = await call('POST', `/customers/customers/${someone.id}/status`, {
      token: owner,
      body: { status: 'suspended', reason: 'asked to pause the service' },
    });
    expect(data<{ status: string }>(suspended).status).toBe('suspended');
    expect(
      errorCode(
        await call('POST', '/admin/api-keys', {
          token: owner,
          body: { name: 'Monitoring', permissions: ['customers.customers.read'] },
        }),
      ),
    ).toBe('FEATURE_DISABLED');
    expect(errorCode(await call('DELETE', `/admin/api-keys/${UNKNOWN_ID}`, { token: owner }))).toBe(
      'FEATURE_DISABLED',
    );

    // isolir, maps, imports, platform
    expect((await call('POST', '/isolir/sweeps', { token: owner })).status).toBe(200);
    expect(
      errorCode(
        await call('POST', '/isolir/actions', {
          token: owner,
          body: { customer_id: UNKNOWN_ID, action: 'isolate', reason: 'overdue' },
        }),
      ),
    ).toBe('NOT_FOUND');
    expect(
      (await call('GET', '/maps/nearby?lat=-6.2251&lng=106.9004&radius_m=2000', { token: owner }))
        .status,
    ).toBe(200);
    expect(errorCode(await call('GET', '/admin/api-keys', { token: bandung }))).toBe(
      'FEATURE_DISABLED',
    ); // starter plan: no api_access
    const rejected = await call('POST', '/customers/imports', {
      token: owner,
      body: { file_name: 'kosong.csv', csv: 'code,name\nX1,\n' },
    });
    expect(data<{ import: unknown }>(rejected).import).toBeNull();
    expect(errorCode(await call('GET', `/customers/imports/${UNKNOWN_ID}`, { token: owner }))).toBe(
      'NOT_FOUND',
    );
    const platform = await login('admin@rrnet.demo');
    expect(
      errorCode(
        await call('POST', `/platform/dead-letters/${UNKNOWN_ID}/retry`, { token: platform }),
      ),
    ).toBe('CONFLICT'); // nothing waiting under that id
    expect(
      errorCode(
        await call('POST', `/platform/dead-letters/${UNKNOWN_ID}/discard`, { token: platform }),
      ),
    ).toBe('CONFLICT');

    // outages and tickets as the ISP's admin (the owner has used most of its 100 requests a minute above)
    // outages: declare on an ODP, read it and its customers, resolve; refusals
    const nodes = data<{ id: string; kind: string }[]>(await call('GET', '/network/topology', { token: admin }));
    const odp = nodes.find((n) => n.kind === 'odp')!;
    const declared = await call('POST', '/outages/outages', {
      token: admin,
      body: { node_id: odp.id, title: 'Kabel putus', cause: 'fiber_cut', expected_restoration_at: '2026-12-05T15:00:00+07:00', notes: 'tim berangkat' },
    });
    expect(declared.status).toBe(200);
    const outageId = data<{ id: string }>(declared).id;
    expect((await call('GET', '/outages/outages?scope=active', { token: admin })).status).toBe(200);
    expect((await call('GET', '/outages/outages?scope=history&limit=5', { token: admin })).status).toBe(200);
    expect((await call('GET', '/outages/summary', { token: admin })).status).toBe(200);
    // the map: the open outages with their area, and (with a box) the affected customers in it
    const onMap = await call('GET', '/outages/map?min_lat=-90&min_lng=-180&max_lat=90&max_lng=180', { token: admin });
    expect(onMap.status).toBe(200);
    expect(data<{ outages: { id: string }[] }>(onMap).outages.map((o) => o.id)).toContain(outageId);
    expect((await call('GET', '/outages/map', { token: admin })).status).toBe(200);
    expect(errorCode(await call('GET', '/outages/map?min_lat=-6.3', { token: admin }))).toBe('VALIDATION_FAILED');
    expect((await call('GET', `/outages/outages/${outageId}`, { token: admin })).status).toBe(200);
    expect((await call('GET', `/outages/outages/${outageId}/customers?limit=10`, { token: admin })).status).toBe(200);
    expect((await call('PATCH', `/outages/outages/${outageId}`, { token: admin, body: { notes: 'ganti kabel' } })).status).toBe(200);
    expect(errorCode(await call('POST', `/outages/outages/${outageId}/confirm`, { token: admin }))).toBe('CONFLICT');
    expect(errorCode(await call('POST', `/outages/outages/${outageId}/dismiss`, { token: admin }))).toBe('CONFLICT');
    expect(errorCode(await call('POST', `/outages/outages/${outageId}/resolve-tickets`, { token: admin, body: { note: 'Sudah pulih' } }))).toBe('CONFLICT');
    expect((await call('POST', `/outages/outages/${outageId}/resolve`, { token: admin })).status).toBe(200);
    expect((await call('POST', `/outages/outages/${outageId}/resolve-tickets`, { token: admin, body: { note: 'Sudah pulih' } })).status).toBe(200);
    expect(errorCode(await call('POST', `/outages/outages/${outageId}/resolve`, { token: admin }))).toBe('CONFLICT');
    expect(errorCode(await call('GET', `/outages/outages/${UNKNOWN_ID}`, { token: admin }))).toBe('NOT_FOUND');
    expect(errorCode(await call('POST', '/outages/outages', { token: admin, body: { title: 'x' } }))).toBe('VALIDATION_FAILED');
    expect(errorCode(await call('POST', '/outages/outages', { token: admin, body: { title: 'Nowhere', node_id: UNKNOWN_ID } }))).toBe('VALIDATION_FAILED');

    // tickets: open one for a customer, comment, move it, assign; refusals
    const someCustomer = data<{ items: { id: string }[] }>(await call('GET', '/customers/customers?limit=1', { token: admin })).items[0]!;
    const ticket = await call('POST', '/tickets/tickets', { token: admin, body: { customer_id: someCustomer.id, subject: 'Internet lambat', category: 'slow', priority: 'high' } });
    expect(ticket.status).toBe(200);
    const ticketId = data<{ id: string }>(ticket).id;
    expect((await call('GET', '/tickets/tickets?scope=open&overdue=true', { token: admin })).status).toBe(200);
    expect((await call('GET', '/tickets/tickets?mine=true', { token: admin })).status).toBe(200);
    expect((await call('GET', `/tickets/tickets/${ticketId}`, { token: admin })).status).toBe(200);
    // the customer's line: asked live from the router (this harness runs no simulator: a router that does not answer is a state, not a 503)
    const line = await call('GET', `/tickets/tickets/${ticketId}/line`, { token: admin });
    expect(line.status).toBe(200);
    expect(data<{ state: string; customer: { id: string } }>(line)).toMatchObject({ state: expect.stringMatching(/^(online|offline|router_unreachable)$/), customer: { id: someCustomer.id } });
    expect(errorCode(await call('GET', `/tickets/tickets/${UNKNOWN_ID}/line`, { token: admin }))).toBe('NOT_FOUND');
    const people = data<{ user_id: string }[]>(await call('GET', '/tickets/assignees', { token: admin }));
    expect((await call('POST', `/tickets/tickets/${ticketId}/assign`, { token: admin, body: { assignee_id: people[0]!.user_id } })).status).toBe(200);
    expect((await call('POST', `/tickets/tickets/${ticketId}/comments`, { token: admin, body: { body: 'Dicek malam ini', visibility: 'visible' } })).status).toBe(200);
    expect((await call('PATCH', `/tickets/tickets/${ticketId}`, { token: admin, body: { priority: 'urgent' } })).status).toBe(200);
    expect((await call('POST', `/tickets/tickets/${ticketId}/status`, { token: admin, body: { status: 'in_progress' } })).status).toBe(200);
    expect(errorCode(await call('POST', `/tickets/tickets/${ticketId}/status`, { token: admin, body: { status: 'closed' } }))).toBe('CONFLICT');
    expect(errorCode(await call('GET', `/tickets/tickets/${UNKNOWN_ID}`, { token: admin }))).toBe('NOT_FOUND');
    expect(errorCode(await call('POST', '/tickets/tickets', { token: admin, body: { subject: 'x', category: 'slow' } }))).toBe('VALIDATION_FAILED');

    // sessions end
    expect((await call('POST', '/auth/logout', { token: admin })).status).toBe(200);
    expect(errorCode(await call('GET', '/auth/me', { token: admin }))).toBe('UNAUTHENTICATED');
    expect(
      data<{ revoked: number }>(await call('POST', '/auth/logout-everywhere', { token: bandung }))
        .revoked,
    ).toBeGreaterThan(0);
  });

  it('429 from the sign-in guard and from the per-user limit, with Retry-After', async () => {
    const refusals: unknown[] = [];
    for (let i = 0; i < 6; i++) {
      refusals.push(
        errorCode(
          await call('POST', '/auth/login', {
            body: { email: 'billing@sinarnet.demo', password: `wrong-password-${i}` },
          }),
        ),
      );
    }
    expect(refusals.slice(0, 5)).toEqual(Array(5).fill('UNAUTHENTICATED'));
    expect(refusals[5]).toBe('RATE_LIMITED');

    // the per-user window is 100 requests a minute, sliding: 150 at once pass it even when
    // they straddle a window boundary (the previous window still weighs > 2/3 for 20 s). The
    // limit is checked before RBAC, so refusals that cost no handler count too.
    const cs = await login('cs@sinarnet.demo');
    const answers = await Promise.all(
      Array.from({ length: 150 }, () => call('GET', '/admin/users', { token: cs })),
    );
    expect(new Set(answers.map(errorCode))).toEqual(new Set(['FORBIDDEN', 'RATE_LIMITED']));
    const limited = answers.find((a) => a.status === 429);
    expect(limited && errorCode(limited)).toBe('RATE_LIMITED');
    expect(Number(limited!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited!.headers.get('x-ratelimit-scope')).toBe('user');
  });

  it('reports an answer that does not match', () => {
    const meta = { timestamp: new Date().toISOString(), request_id: 'req-contract-1' };
    const mismatch = (observed: Parameters<typeof assertMatchesOpenApi>[1]) => () =>
      assertMatchesOpenApi(doc, observed);
    // trpc-to-openapi's bare output, which the document used to promise
    expect(
      mismatch({
        method: 'GET',
        url: '/api/v1/customers/customers',
        status: 200,
        body: { items: [], next_cursor: null },
      }),
    ).toThrow(OpenApiMismatch);
    // an enveloped body with a wrong field type
    expect(
      mismatch({
        method: 'GET',
        url: '/api/v1/customers/plans',
        status: 200,
        body: { status: 'success', data: [{ id: 42 }], meta },
      }),
    ).toThrow(/body\/data\/0/);
    // trpc-to-openapi's error shape
    expect(
      mismatch({
        method: 'GET',
        url: `/api/v1/customers/customers/${UNKNOWN_ID}`,
        status: 404,
        body: { message: 'Not found', code: 'NOT_FOUND' },
      }),
    ).toThrow(OpenApiMismatch);
    // a code the status does not carry
    const forbidden = {
      status: 'error',
      error_code: 'FORBIDDEN',
      message: 'x',
      details: {},
      request_id: 'r',
      meta,
    };
    expect(
      mismatch({
        method: 'GET',
        url: `/api/v1/customers/customers/${UNKNOWN_ID}`,
        status: 404,
        body: forbidden,
      }),
    ).toThrow(/allowed values/);
    // a status the operation cannot answer, an unknown path, a missing required header
    expect(
      mismatch({ method: 'GET', url: '/api/v1/system/health', status: 401, body: forbidden }),
    ).toThrow(/status not documented/);
    expect(
      mismatch({ method: 'GET', url: '/api/v1/customers/nope', status: 200, body: {} }),
    ).toThrow(/no operation/);
    expect(
      mismatch({
        method: 'GET',
        url: '/api/v1/system/health',
        status: 500,
        body: { ...forbidden, error_code: 'INTERNAL_ERROR' },
        headers: new Headers(),
      }),
    ).toThrow(/X-Request-Id/);
  });
});

describe('a client generated from the document', () => {
  it('openapi-typescript generates its types; openapi-fetch lists customers and reads an error', async () => {
    const source = astToString(await openapiTS(structuredClone(doc) as never));
    // the generated operation reads the envelope: success with the customer in data, 404 NOT_FOUND
    const start = source.indexOf('\n    "customers-customers-get": {');
    const operation = source.slice(start, source.indexOf('\n    };', start));
    const strip = operation.replace(/\/\*\*[^*]*\*\/\s*/g, '');
    expect(strip).toMatch(/200: \{[\s\S]*?status: "success";\s*data: \{\s*id: string;/);
    expect(strip).toMatch(
      /404: \{[\s\S]*?error_code\?: "NOT_FOUND";\s*\} & components\["schemas"\]\["ErrorEnvelope"\]/,
    );
    expect(operation).not.toContain('issues');

    const token = await login('admin@sinarnet.demo');
    const servers = doc.servers as { url: string }[];
    const client = createClient<Record<string, never>>({
      baseUrl: servers[0]!.url,
      fetch: serve,
      headers: { authorization: `Bearer ${token}` },
    });
    const get = client.GET as unknown as (
      path: string,
      init?: object,
    ) => Promise<{ data?: Json; error?: Json; response: Response }>;

    const list = await get('/customers/customers', { params: { query: { limit: 3 } } });
    expect(list.response.status).toBe(200);
    expect(list.data).toMatchObject({
      status: 'success',
      meta: { request_id: list.response.headers.get('x-request-id') },
    });
    expect((list.data!.data as { items: unknown[] }).items).toHaveLength(3);
    expect(Date.parse(String((list.data!.meta as Json).timestamp))).not.toBeNaN();
    assertMatchesOpenApi(doc, {
      method: 'GET',
      url: '/customers/customers',
      status: 200,
      body: list.data,
      headers: list.response.headers,
    });

    const missing = await get('/customers/customers/{id}', {
      params: { path: { id: UNKNOWN_ID } },
    });
    expect(missing.response.status).toBe(404);
    expect(missing.error).toMatchObject({
      status: 'error',
      error_code: 'NOT_FOUND',
      request_id: missing.response.headers.get('x-request-id'),
      details: {},
    });
    assertMatchesOpenApi(doc, {
      method: 'GET',
      url: `/customers/customers/${UNKNOWN_ID}`,
      status: 404,
      body: missing.error,
      headers: missing.response.headers,
    });
  });
});
