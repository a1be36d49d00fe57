/**
 * The attack suite (spec §7, issue 13): two ISPs on one seeded database, the REST handler
 * in-process. For every operation of the served OpenAPI document (iterated, so a new one
 * is covered by itself) and every tenant role of ISP A (Sinar Net), the operation is
 * called with ISP B's (Parahyangan Link's) real ids — read from B's rows with the
 * migrating superuser — in every path parameter and every query or body input that takes
 * an id. Never a 2xx that shows one of B's ids, never a 5xx, every answer as the document
 * says (tests/openapi_validator.ts), and B's rows byte for byte the same afterwards
 * (checksummed table by table). Then the credentials: tampered, expired, wrong-audience,
 * wrong-issuer, `alg: none` and other-algorithm tokens, A's token and users against B's
 * slug and tenant, refresh-token reuse, and the Midtrans webhook with forged signatures
 * and with a valid signature made with the other ISP's server key.
 *
 * The counts go to attack.json in the reports folder (security_reports.ts) for the
 * `npm test` summary.
 */
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signAccessToken } from '@rrnet/auth';
import { errorEnvelopeSchema } from '@rrnet/contracts';
import { midtransSignature } from '@rrnet/core/billing/midtrans';
import type * as WebhookRoute from '~/app/api/v1/billing/webhooks/midtrans/[tenant]/route';
import { AUTH_SECRET, startRestHarness } from './rest_harness';
import type { Answer, CallOptions, Json, RestHarness } from './rest_harness';
import { fillPath, idFieldsOf, operationsOf, queryString, sampleValue, takesId } from './openapi_operations';
import type { Operation } from './openapi_operations';
import { writeSecurityReport } from './security_reports';

const A_SLUG = 'sinar-net';
const B_SLUG = 'parahyangan-link';
const B_NAME = 'Parahyangan Link Bandung';
const A_ROLES = ['owner', 'admin', 'billing', 'teknisi', 'cs', 'viewer'].map((r) => `${r}@sinarnet.demo`);
const SERVER_KEY_A = 'SB-Mid-server-attack-sinar-0001';
const SERVER_KEY_B = 'SB-Mid-server-attack-parahyangan-0001';

/** uuid values of one tenant's rows: table → column → a few values */
type TenantIds = Map<string, Map<string, string[]>>;

let h: RestHarness;
let tenantA: string;
let tenantB: string;
let tenantTables: string[];
let bIds: TenantIds;
/** every uuid in B's rows that is not also in A's (shared rows, e.g. a plan catalogue, are not B's) */
let bOnly: Set<string>;
let webhook: typeof WebhookRoute;

const counts = { requests: 0, cross_tenant_2xx: 0, server_errors: 0, mismatches: 0 };
const failures: string[] = [];
const byStatus: Record<string, number> = {};

beforeAll(async () => {
  h = await startRestHarness({ rateLimitScale: 10_000 });
  const tenants = await h.admin<{ id: string; slug: string }[]>`SELECT id, slug FROM saas_tenants WHERE slug IN (${A_SLUG}, ${B_SLUG})`;
  tenantA = tenants.find((t) => t.slug === A_SLUG)!.id;
  tenantB = tenants.find((t) => t.slug === B_SLUG)!.id;
  tenantTables = (
    await h.admin<{ table_name: string }[]>`
      SELECT table_name FROM information_schema.columns
      WHERE table_schema = 'public' AND column_name = 'tenant_id' ORDER BY table_name`
  ).map((r) => r.table_name);

  // B at work: a session of its own and an import, so those ids exist too
  const bOwner = await h.login('owner@parahyangan.demo');
  const [bPlan] = await h.admin<{ name: string }[]>`SELECT name FROM tenant_service_plans WHERE tenant_id = ${tenantB} LIMIT 1`;
  const imported = await h.call('POST', '/customers/imports', {
    token: bOwner,
    body: { file_name: 'pelanggan.csv', csv: `name,phone,plan\nImpor Serangan,081234500001,${bPlan!.name}\n` },
  });
  expect(imported.status).toBe(200);
  // both ISPs take Midtrans payments, each with its own server key
  for (const [slug, key] of [
    [A_SLUG, SERVER_KEY_A],
    [B_SLUG, SERVER_KEY_B],
  ] as const) {
    await h.admin`UPDATE tenant_settings SET midtrans_server_key_enc = ${await h.secretBox.encrypt(key)}
                  WHERE tenant_id = (SELECT id FROM saas_tenants WHERE slug = ${slug})`;
  }

  bIds = await idsOf(tenantB);
  const aValues = new Set([...(await idsOf(tenantA)).values()].flatMap((cols) => [...cols.values()].flat()));
  aValues.add(tenantA);
  bOnly = new Set([...bIds.values()].flatMap((cols) => [...cols.values()].flat()).filter((v) => !aValues.has(v)));
  webhook = await import('~/app/api/v1/billing/webhooks/midtrans/[tenant]/route');
});

afterAll(async () => {
  const file = writeSecurityReport('attack', {
    requests: counts.requests,
    cross_tenant_2xx: counts.cross_tenant_2xx,
    server_errors: counts.server_errors,
    mismatches: counts.mismatches,
    by_status: byStatus,
  });
  console.info(`attack suite: ${JSON.stringify(counts)} → ${file}`);
  await h?.close();
});

/** A few values of every uuid column of one tenant's rows, table by table. */
async function idsOf(tenant: string): Promise<TenantIds> {
  const columns = await h.admin<{ table_name: string; column_name: string }[]>`
    SELECT table_name, column_name FROM information_schema.columns
    WHERE table_schema = 'public' AND data_type = 'uuid' AND table_name IN ${h.admin(tenantTables)}
    ORDER BY table_name, ordinal_position`;
  const ids: TenantIds = new Map();
  for (const { table_name: table, column_name: column } of columns) {
    const rows = await h.admin.unsafe<{ v: string }[]>(
      `SELECT DISTINCT "${column}"::text AS v FROM "${table}" WHERE tenant_id = $1 AND "${column}" IS NOT NULL ORDER BY 1 LIMIT 3`,
      [tenant],
    );
    if (rows.length === 0) continue;
    if (!ids.has(table)) ids.set(table, new Map());
    ids.get(table)!.set(column, rows.map((r) => r.v));
  }
  return ids;
}

/**
 * A checksum of each of B's tables (its rows as text, ordered), B's tenant row and its
 * members' accounts; `exclude` leaves out tables by name prefix (a partitioned table's parts).
 */
async function checksumB(exclude: string[] = []): Promise<Record<string, string>> {
  const sums: Record<string, string> = {};
  for (const table of tenantTables.filter((t) => !exclude.some((prefix) => t.startsWith(prefix)))) {
    const [row] = await h.admin.unsafe<{ n: number; sum: string }[]>(
      `SELECT count(*)::int AS n, md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS sum FROM "${table}" t WHERE tenant_id = $1`,
      [tenantB],
    );
    sums[table] = `${row!.n}:${row!.sum}`;
  }
  const [tenant] = await h.admin<{ sum: string }[]>`SELECT md5(t::text) AS sum FROM saas_tenants t WHERE id = ${tenantB}`;
  sums.saas_tenants = tenant!.sum;
  const [users] = await h.admin<{ sum: string }[]>`
    SELECT md5(coalesce(string_agg(u::text, '|' ORDER BY u.id), '')) AS sum FROM sys_users u
    WHERE u.id IN (SELECT user_id FROM tenant_memberships WHERE tenant_id = ${tenantB})`;
  sums.sys_users = users!.sum;
  return sums;
}

/**
 * B's ids for an input: the ids of the tables its name points to (`customer_id`, the path
 * segment before `{id}`), and the same-named column elsewhere; when nothing matches, one id
 * of every table and column B has.
 */
function bCandidates(op: Operation, name: string): string[] {
  const segments = op.path.split('/');
  const resource = name === 'id' ? (segments[segments.indexOf('{id}') - 1] ?? '') : name.replace(/_?id$/, '');
  const stem = resource.replace(/-/g, '_').replace(/ies$/, 'y').replace(/s$/, '');
  if (stem === 'tenant') return [tenantB];
  const found = new Set<string>();
  for (const [table, columns] of bIds) {
    if (stem && table.includes(stem)) for (const v of (columns.get('id') ?? []).slice(0, 2)) found.add(v);
    for (const v of (columns.get(`${stem}_id`) ?? []).slice(0, 2)) found.add(v);
  }
  if (found.size === 0) {
    for (const columns of bIds.values()) if (columns.has('id')) found.add(columns.get('id')![0]!);
  }
  return [...found].filter((v) => bOnly.has(v) || v === tenantB);
}

interface Attempt {
  path: string;
  options: CallOptions;
}

/** The calls of one operation: variant k puts the k-th of B's candidate ids in every id input. */
function attemptsOf(op: Operation): Attempt[] {
  const slots: { name: string; candidates: string[] }[] = [];
  for (const p of op.pathParams) slots.push({ name: p.name, candidates: bCandidates(op, p.name) });
  for (const p of op.queryParams) if (takesId(h.doc, p.name, p.schema)) slots.push({ name: `query:${p.name}`, candidates: bCandidates(op, p.name) });
  for (const f of idFieldsOf(h.doc, op.body)) slots.push({ name: `body:${f}`, candidates: bCandidates(op, f) });
  const variants = Math.max(1, ...slots.map((s) => s.candidates.length));
  let serial = 0;
  return Array.from({ length: variants }, (_, k) => {
    const idFor = (slot: string) => {
      const s = slots.find((x) => x.name === slot);
      return s && s.candidates.length > 0 ? s.candidates[k % s.candidates.length]! : tenantB;
    };
    const ctx = (prefix: string) => ({ idFor: (name: string) => idFor(`${prefix}${name}`), serial: () => ++serial });
    const pathValues = Object.fromEntries(op.pathParams.map((p) => [p.name, idFor(p.name)]));
    const query = Object.fromEntries(
      op.queryParams
        .filter((p) => p.required || takesId(h.doc, p.name, p.schema))
        .map((p) => [p.name, sampleValue(h.doc, p.name, p.schema, ctx('query:'))]),
    );
    const body = op.body ? sampleValue(h.doc, 'body', op.body, ctx('body:')) : undefined;
    return { path: `${fillPath(op.path, pathValues)}${queryString(query)}`, options: { body } };
  });
}

/** One of B's ids (or B's name) in an answer, if it shows any. */
function leakIn(body: unknown): string | undefined {
  const text = JSON.stringify(body);
  return [...bOnly].find((id) => text.includes(id)) ?? (text.includes(B_NAME) ? B_NAME : undefined);
}

/** One call, counted; a 5xx, a 2xx showing B's data or an answer off the document is a failure. */
async function attack(method: string, path: string, options: CallOptions, label: string): Promise<Answer | null> {
  counts.requests++;
  let answer: Answer;
  try {
    answer = await h.call(method, path, options);
  } catch (err) {
    counts.mismatches++;
    failures.push(`${label} ${method} ${path}: ${String(err).slice(0, 600)}`);
    return null;
  }
  byStatus[answer.status] = (byStatus[answer.status] ?? 0) + 1;
  if (answer.status >= 500) {
    counts.server_errors++;
    failures.push(`${label} ${method} ${path}: ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`);
  } else if (answer.status < 300) {
    const leaked = leakIn(answer.body);
    if (leaked) {
      counts.cross_tenant_2xx++;
      failures.push(`${label} ${method} ${path}: ${answer.status} shows B's ${leaked}`);
    }
  }
  return answer;
}

describe("every REST operation, as each of ISP A's roles, with ISP B's ids", () => {
  it('never answers 2xx with B’s data, never 5xx, matches the document, and leaves B’s rows as they were', async () => {
    const operations = operationsOf(h.doc);
    expect(operations.length).toBeGreaterThanOrEqual(65);
    // ids of every kind B has are in play
    for (const table of ['tenant_customers', 'tenant_invoices', 'tenant_payments', 'tenant_routers', 'tenant_topology_nodes', 'tenant_service_plans', 'tenant_memberships', 'tenant_customer_imports', 'sys_sessions']) {
      expect([...bIds.keys()], table).toContain(table);
    }
    // the detector sees B's data where it is: B's owner reading B's own customers and settings
    const bOwner = await h.login('owner@parahyangan.demo');
    expect(leakIn((await h.call('GET', '/customers/customers?limit=1', { token: bOwner })).body)).toEqual(expect.any(String));
    expect(leakIn((await h.call('GET', '/admin/settings', { token: bOwner })).body)).toEqual(expect.any(String));

    const before = await checksumB();
    const withIds = operations.filter((op) => attemptsOf(op).length > 1 || op.pathParams.length > 0);
    expect(withIds.length).toBeGreaterThan(25);

    // the roles side by side; each role's calls one after another (a logout or a switch ends
    // its session: it signs in again and the call is repeated)
    await Promise.all(
      A_ROLES.map(async (email) => {
        let token = await h.login(email);
        for (const op of operations) {
          for (const attempt of attemptsOf(op)) {
            const label = `${email} ${op.operationId}`;
            const options = { ...attempt.options, token: op.authenticated ? token : undefined };
            const answer = await attack(op.method, attempt.path, options, label);
            if (answer?.status === 401 && op.authenticated) {
              token = await h.login(email);
              await attack(op.method, attempt.path, { ...options, token }, `${label} (signed in again)`);
            }
          }
        }
      }),
    );
    expect(failures).toEqual([]);
    expect(await checksumB()).toEqual(before);
    expect(counts.requests).toBeGreaterThan(500);
  }, 300_000);
});

describe('credentials that are not what they claim', () => {
  const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const claimsOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Json;
  const refused = async (token: string, label: string) => {
    for (const path of ['/admin/users', '/customers/customers?limit=1', '/auth/me']) {
      const answer = await attack('GET', path, { token }, label);
      expect([label, answer?.status, answer?.body.error_code]).toEqual([label, 401, 'UNAUTHENTICATED']);
    }
  };

  it('tampered, expired, wrong-audience, wrong-issuer, alg none and other-algorithm tokens are refused', async () => {
    const token = await h.login('owner@sinarnet.demo');
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const claims = claimsOf(token);
    const flipped = `${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BB' : 'AA'}`;
    const secret = new TextEncoder().encode(AUTH_SECRET);
    const resign = (c: Json, alg = 'HS256') => new SignJWT(c).setProtectedHeader({ alg, typ: 'JWT' }).sign(secret);
    const now = Math.floor(Date.now() / 1000);

    await refused(`${header}.${payload}.${flipped}`, 'tampered signature');
    await refused(`${header}.${b64({ ...claims, tid: tenantB })}.${signature}`, "B's tenant in A's token");
    await refused(`${header}.${b64({ ...claims, role: 'owner', exp: now + 86_400 })}.${signature}`, 'extended expiry');
    await refused(
      await signAccessToken(
        { sub: String(claims.sub), tid: tenantA, role: 'owner', session_id: String(claims.session_id), fingerprint: String(claims.fingerprint) },
        AUTH_SECRET,
        new Date(Date.now() - 20 * 60_000),
      ),
      'expired',
    );
    await refused(await resign({ ...claims, aud: 'another-api' }), 'wrong audience');
    await refused(await resign({ ...claims, iss: 'someone-else' }), 'wrong issuer');
    await refused(await resign({ ...claims, aud: undefined }), 'no audience');
    await refused(await resign(claims, 'HS512'), 'HS512 with the same secret');
    await refused(`${b64({ alg: 'none', typ: 'JWT' })}.${payload}.`, 'alg none');
    await refused(`${b64({ alg: 'none', typ: 'JWT' })}.${b64({ ...claims, tid: tenantB })}.`, 'alg none, B tenant');
    await refused('', 'empty');
    await refused('not.a.token', 'garbage');
    // the untouched token still works: the refusals are about the changes
    expect((await attack('GET', '/auth/me', { token }, 'untouched'))?.status).toBe(200);
  });

  it("A's users and tokens get nothing of B's by slug or tenant id", async () => {
    const wrongIsp = await attack('POST', '/auth/login', { body: { email: 'owner@sinarnet.demo', password: 'rrnet-demo-2026', tenant_slug: B_SLUG } }, 'A user, B slug');
    expect(wrongIsp?.status).toBeGreaterThanOrEqual(400);
    expect(wrongIsp?.status).toBeLessThan(500);
    const token = await h.login('owner@sinarnet.demo');
    const switched = await attack('POST', '/auth/switch-tenant', { token, body: { tenant_id: tenantB } }, 'switch to B');
    expect(switched?.body.error_code).toBe('FORBIDDEN');
    const me = await attack('GET', '/auth/me', { token }, 'still A');
    expect((me?.body.data as Json).tenant_id).toBe(tenantA);
    // A's token at B's webhook is no credential there: the signature decides, and A's key is not B's
    const [invoice] = await h.admin<{ number: string }[]>`SELECT number FROM tenant_invoices WHERE tenant_id = ${tenantB} AND status IN ('unpaid', 'overdue') LIMIT 1`;
    const res = await postWebhook(B_SLUG, notification(invoice!.number, SERVER_KEY_A), { authorization: `Bearer ${token}` });
    expect(res.status).toBe(403);
  });

  it('a reused refresh token is refused and ends the whole family', async () => {
    const first = await h.loginPair('billing@sinarnet.demo');
    const rotated = await attack('POST', '/auth/refresh', { body: { refresh_token: first.refresh_token } }, 'refresh');
    expect(rotated?.status).toBe(200);
    const second = rotated!.body.data as { access_token: string; refresh_token: string };
    expect((await attack('POST', '/auth/refresh', { body: { refresh_token: first.refresh_token } }, 'reuse'))?.body.error_code).toBe('UNAUTHENTICATED');
    // the replay also ends the legitimate holder's newer tokens
    expect((await attack('POST', '/auth/refresh', { body: { refresh_token: second.refresh_token } }, 'family'))?.body.error_code).toBe('UNAUTHENTICATED');
    expect((await attack('GET', '/auth/me', { token: second.access_token }, 'family access'))?.status).toBe(401);
    expect((await attack('POST', '/auth/refresh', { body: { refresh_token: `${second.refresh_token}x` } }, 'altered'))?.status).toBe(401);
  });
});

function notification(invoiceNumber: string, serverKey: string, signature?: string, transactionId = `atk-${invoiceNumber}`) {
  const base = { order_id: `${invoiceNumber}.atk`, status_code: '200', gross_amount: '150000.00' };
  return {
    transaction_time: '2026-11-26 09:00:00',
    transaction_status: 'settlement',
    transaction_id: transactionId,
    status_message: 'midtrans payment notification',
    payment_type: 'qris',
    fraud_status: 'accept',
    currency: 'IDR',
    ...base,
    signature_key: signature ?? midtransSignature(base, serverKey),
  };
}

async function postWebhook(slug: string, body: unknown, headers: Record<string, string> = {}) {
  counts.requests++;
  const res = await webhook.POST(
    new Request(`https://rrnet.test/api/v1/billing/webhooks/midtrans/${slug}`, {
      method: 'POST',
      body: typeof body === 'string' ? body : JSON.stringify(body),
      headers: { 'content-type': 'application/json', ...headers },
    }),
    { params: Promise.resolve({ tenant: slug }) },
  );
  byStatus[res.status] = (byStatus[res.status] ?? 0) + 1;
  if (res.status >= 500) counts.server_errors++;
  const json = (await res.json()) as Json;
  if (res.status >= 400) errorEnvelopeSchema.parse(json);
  return { status: res.status, body: json };
}

describe('the Midtrans webhook with forged signatures', () => {
  it("refuses forged signatures and a valid one made with A's key at B; B's payments and invoices stay as they were; no job is queued", async () => {
    const [invoice] = await h.admin<{ number: string }[]>`SELECT number FROM tenant_invoices WHERE tenant_id = ${tenantB} AND status IN ('unpaid', 'overdue') LIMIT 1`;
    const jobs = async () => (
        await h.admin<{ n: number }[]>`
          SELECT count(*)::int AS n FROM graphile_worker._private_jobs j
          JOIN graphile_worker._private_tasks t ON t.id = j.task_id WHERE t.identifier = 'payment_processing'`
      )[0]!.n;
    // notifications are recorded (also when rejected): everything else of B's stays
    const before = await checksumB(['tenant_gateway_notifications', 'sys_audit_logs']);
    const jobsBefore = await jobs();
    const forged = [
      notification(invoice!.number, SERVER_KEY_A),
      notification(invoice!.number, SERVER_KEY_B, '0'.repeat(128)),
      notification(invoice!.number, SERVER_KEY_B, ''),
      notification(invoice!.number, SERVER_KEY_B, midtransSignature({ order_id: `${invoice!.number}.atk`, status_code: '200', gross_amount: '1.00' }, SERVER_KEY_B)),
      { ...notification(invoice!.number, SERVER_KEY_B), gross_amount: '999999999.00' },
      // a genuine signature of B's, lifted onto another order
      { ...notification(invoice!.number, SERVER_KEY_B), order_id: `${invoice!.number}.other` },
    ];
    const answers: unknown[] = [];
    for (const body of forged) {
      const res = await postWebhook(B_SLUG, body);
      answers.push([res.status, res.body.error_code]);
    }
    // an empty signature is not a signature at all (400); every other forgery is refused as one (403)
    expect(answers).toEqual([[403, 'FORBIDDEN'], [403, 'FORBIDDEN'], [400, 'VALIDATION_FAILED'], [403, 'FORBIDDEN'], [403, 'FORBIDDEN'], [403, 'FORBIDDEN']]);
    // B's key on A's slug is no better
    const [aInvoice] = await h.admin<{ number: string }[]>`SELECT number FROM tenant_invoices WHERE tenant_id = ${tenantA} AND status IN ('unpaid', 'overdue') LIMIT 1`;
    expect((await postWebhook(A_SLUG, notification(aInvoice!.number, SERVER_KEY_B))).status).toBe(403);
    expect(await jobs()).toBe(jobsBefore);
    expect(await checksumB(['tenant_gateway_notifications', 'sys_audit_logs'])).toEqual(before);
    const rejected = await h.admin<{ n: number }[]>`
      SELECT count(*)::int AS n FROM tenant_gateway_notifications WHERE tenant_id = ${tenantB} AND status = 'rejected' AND signature_valid = false`;
    expect(rejected[0]!.n).toBeGreaterThanOrEqual(5);
    // and the genuine one is still taken (the refusals were about the signatures)
    expect((await postWebhook(B_SLUG, notification(invoice!.number, SERVER_KEY_B))).status).toBe(200);
    expect(failures).toEqual([]);
  });
});
