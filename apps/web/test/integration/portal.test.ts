/**
 * The subscriber portal over HTTP (the web app's /api/trpc route handler, on a seeded
 * database, the real Redis and a RouterOS simulator): sign-in with a one-time WhatsApp code
 * (hashed, expiring, single use, attempts capped, sends limited per phone and per IP), a
 * portal session of its own kind (never accepted by operators' procedures, and operators'
 * credentials never accepted by the portal's), the customer scope in Postgres (another
 * subscriber's invoice or ticket by a forged id is not found; internal comments never
 * shown), tickets from the portal, contact changes confirmed at the new number, and a
 * payment from the portal that settles and restores an isolated subscriber.
 */
import { createServer } from 'node:http';
import type { AddressInfo, Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { midtransSignature } from '@rrnet/core/billing/midtrans';
import { processMidtransTransaction } from '@rrnet/core/billing/midtrans';
import { executeIsolir } from '@rrnet/core/isolir/isolir';
import { invalidateEntitlements } from '@rrnet/core/saas/entitlements';
import type * as TrpcRoute from '~/app/api/trpc/[trpc]/route';
import type * as WebhookRoute from '~/app/api/v1/billing/webhooks/midtrans/[tenant]/route';
import { runQueuedJobs } from '../../../../packages/api/test/integration/queued_jobs';
import { PUBLIC_URL, startRestHarness } from './rest_harness';
import type { RestHarness } from './rest_harness';

const SERVER_KEY = 'SB-Mid-server-portal-test-key';
let h: RestHarness;
let trpc: typeof TrpcRoute;
let webhook: typeof WebhookRoute;
let snap: Server;
let tenantA: string;
let ipSeq = 0;

interface Answer {
  status: number;
  data: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  error: { message: string; data: { error_code: string; details: Record<string, string>; httpStatus: number } } | undefined;
  setCookie: string | null;
}

/** One tRPC call over HTTP (superjson wire format), from `ip`, with the portal cookie or an operator's token. */
async function rpc(kind: 'query' | 'mutation', path: string, input: unknown, auth: { cookie?: string; token?: string; ip?: string } = {}): Promise<Answer> {
  const headers = new Headers({ 'content-type': 'application/json', 'x-forwarded-for': auth.ip ?? '198.51.100.1' });
  if (auth.cookie) headers.set('cookie', auth.cookie);
  if (auth.token) headers.set('authorization', `Bearer ${auth.token}`);
  const req =
    kind === 'query'
      ? new Request(`${PUBLIC_URL}/api/trpc/${path}${input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify({ json: input }))}`}`, { headers })
      : new Request(`${PUBLIC_URL}/api/trpc/${path}`, { method: 'POST', headers, body: JSON.stringify({ json: input ?? null }) });
  const res = kind === 'query' ? await trpc.GET(req) : await trpc.POST(req);
  const body = (await res.json()) as { result?: { data?: { json?: unknown } }; error?: { json?: Answer['error'] } };
  return { status: res.status, data: body.result?.data?.json, error: body.error?.json, setCookie: res.headers.get('set-cookie') };
}

/** A fresh client address per test, so per-IP windows never leak between tests. */
const nextIp = () => `198.51.100.${++ipSeq + 10}`;

/** The code WhatsApp carried for a challenge (the outbox row the simulator would receive). */
async function sentCode(challengeId: string): Promise<{ code: string; to_phone: string; template_code: string; urgent: boolean }> {
  const [m] = await h.admin<{ body: string; to_phone: string; template_code: string; urgent: boolean }[]>`
    SELECT body, to_phone, template_code, urgent FROM tenant_wa_messages WHERE dedupe_key = ${`portal_code:${challengeId}`}`;
  if (!m) throw new Error('no code message');
  return { code: /(\d{6})/.exec(m.body)![1]!, to_phone: m.to_phone, template_code: m.template_code, urgent: m.urgent };
}

/** Signs a customer in with the code sent to them; returns the portal cookie. */
async function signIn(identifier: string, ip = nextIp()): Promise<string> {
  const start = await rpc('mutation', 'portal.requestCode', { slug: 'sinar-net', identifier }, { ip });
  expect(start.status).toBe(200);
  const { code } = await sentCode(start.data.challenge_id);
  const done = await rpc('mutation', 'portal.verifyCode', { slug: 'sinar-net', challenge_id: start.data.challenge_id, code }, { ip });
  expect(done.status).toBe(200);
  return done.setCookie!.split(';')[0]!;
}

const used: string[] = [];
/** A customer no earlier test signed in (own per-phone code window), with a number nobody else has. */
async function customer(where: string): Promise<{ id: string; code: string; phone: string }> {
  const [c] = await h.admin.unsafe<{ id: string; code: string; phone: string }[]>(
    `SELECT id, code, phone FROM tenant_customers WHERE tenant_id = $1 AND phone IS NOT NULL AND NOT (id = ANY($2::uuid[])) AND ${where}
       AND (SELECT count(*) FROM tenant_customers x WHERE x.tenant_id = $1 AND x.phone = tenant_customers.phone) = 1
     ORDER BY code LIMIT 1`,
    [tenantA, used],
  );
  if (!c) throw new Error(`no customer where ${where}`);
  used.push(c.id);
  return c;
}

beforeAll(async () => {
  snap = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const order = (JSON.parse(body) as { transaction_details: { order_id: string } }).transaction_details.order_id;
      // Midtrans Snap "Create transaction" 201 response
      res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ token: `tok-${order}`, redirect_url: `https://app.sandbox.midtrans.com/snap/v4/redirection/tok-${order}` }));
    });
  });
  await new Promise<void>((r) => snap.listen(0, '127.0.0.1', r));
  process.env.MIDTRANS_SNAP_URL = `http://127.0.0.1:${(snap.address() as AddressInfo).port}`;
  h = await startRestHarness({ rateLimitScale: 1, simulateRouters: true });
  trpc = await import('~/app/api/trpc/[trpc]/route');
  webhook = await import('~/app/api/v1/billing/webhooks/midtrans/[tenant]/route');
  tenantA = (await h.admin<{ id: string }[]>`SELECT id FROM saas_tenants WHERE slug = 'sinar-net'`)[0]!.id;
  await h.admin`UPDATE tenant_settings SET midtrans_server_key_enc = ${await h.secretBox.encrypt(SERVER_KEY)} WHERE tenant_id = ${tenantA}`;
  await h.admin`INSERT INTO saas_feature_overrides (tenant_id, feature, enabled) VALUES (${tenantA}, 'payment_gateway', true) ON CONFLICT DO NOTHING`;
  const { services } = await import('~/server/services');
  await invalidateEntitlements(services().redis, tenantA);
  await h.admin`DELETE FROM graphile_worker._private_jobs`;
});
afterAll(async () => {
  await h?.close();
  snap?.close();
});

describe('portal sign-in', () => {
  it('shows the ISP by its slug, and 404 for an unknown one', async () => {
    const brand = await rpc('query', 'portal.brand', { slug: 'sinar-net' });
    expect(brand.status).toBe(200);
    expect(brand.data).toMatchObject({ slug: 'sinar-net', name: expect.any(String) });
    expect((await rpc('query', 'portal.brand', { slug: 'nobody-here' })).status).toBe(404);
  });

  it('sends a 6-digit code by WhatsApp to the number on file (stored hashed), and the code opens a portal session cookie once', async () => {
    const c = await customer(`status = 'active'`);
    const ip = nextIp();
    const start = await rpc('mutation', 'portal.requestCode', { slug: 'sinar-net', identifier: c.code.toLowerCase() }, { ip });
    expect(start.status).toBe(200);
    expect(start.data).toEqual({ challenge_id: expect.any(String), expires_in_seconds: 300 });
    const sent = await sentCode(start.data.challenge_id);
    expect(sent).toMatchObject({ to_phone: c.phone, template_code: 'portal_code', urgent: true });
    const [stored] = await h.admin<{ code_hash: string; expires: number }[]>`
      SELECT code_hash, extract(epoch FROM expires_at - created_at)::int AS expires FROM tenant_portal_codes WHERE id = ${start.data.challenge_id}`;
    expect(stored!.code_hash).not.toContain(sent.code);
    expect(stored!.expires).toBe(300);
    // the audit trail recorded the code's row and its message, never the code or its hash
    const audited = await h.admin<{ n: number; leaks: number }[]>`
      SELECT count(*)::int AS n, count(*) FILTER (WHERE new_values::text LIKE ${`%${sent.code}%`} OR new_values::text LIKE ${`%${stored!.code_hash}%`})::int AS leaks
      FROM sys_audit_logs WHERE tenant_id = ${tenantA} AND table_name IN ('tenant_portal_codes', 'tenant_wa_messages') AND occurred_at > now() - interval '1 minute'`;
    expect(audited[0]!.n).toBeGreaterThanOrEqual(2);
    expect(audited[0]!.leaks).toBe(0);

    const wrong = await rpc('mutation', 'portal.verifyCode', { slug: 'sinar-net', challenge_id: start.data.challenge_id, code: sent.code === '000000' ? '111111' : '000000' }, { ip });
    expect(wrong.status).toBe(400);
    expect(wrong.error!.data).toMatchObject({ error_code: 'VALIDATION_FAILED', details: { attempts_left: '4' } });

    // the gateway took the message (as the worker's drain would have marked it)
    await h.admin`UPDATE tenant_wa_messages SET status = 'sent', sent_at = now() WHERE dedupe_key = ${`portal_code:${start.data.challenge_id}`}`;
    const ok = await rpc('mutation', 'portal.verifyCode', { slug: 'sinar-net', challenge_id: start.data.challenge_id, code: sent.code }, { ip });
    expect(ok.status).toBe(200);
    // the spent code leaves the outbox's copy of the message
    const [kept] = await h.admin<{ body: string; params: string[] }[]>`SELECT body, params FROM tenant_wa_messages WHERE dedupe_key = ${`portal_code:${start.data.challenge_id}`}`;
    expect(kept!.body).not.toContain(sent.code);
    expect(kept!.body).toContain('******');
    expect(kept!.params).not.toContain(sent.code);
    expect(ok.setCookie).toMatch(/^rrnet_portal=rps_[0-9a-f-]{36}_[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax; Max-Age=\d+/);
    const cookie = ok.setCookie!.split(';')[0]!;
    expect((await rpc('query', 'portal.service', undefined, { cookie })).data).toMatchObject({ code: c.code, phone: c.phone });

    // the same code again: spent
    const again = await rpc('mutation', 'portal.verifyCode', { slug: 'sinar-net', challenge_id: start.data.challenge_id, code: sent.code }, { ip });
    expect(again.status).toBe(400);
    expect(again.error!.data.details.code).toMatch(/Expired/);
  });

  it('signs in by phone number too (08… as written on the form)', async () => {
    const c = await customer(`status = 'active'`);
    const cookie = await signIn(c.phone.replace(/^\+62/, '0'));
    expect((await rpc('query', 'portal.service', undefined, { cookie })).data.code).toBe(c.code);
  });

  it('refuses an expired code even when it is right', async () => {
    const c = await customer(`status = 'active'`);
    const ip = nextIp();
    const start = await rpc('mutation', 'portal.requestCode', { slug: 'sinar-net', identifier: c.code }, { ip });
    const { code } = await sentCode(start.data.challenge_id);
    await h.admin`UPDATE tenant_portal_codes SET expires_at = now() - interval '1 second' WHERE id = ${start.data.challenge_id}`;
    const late = await rpc('mutation', 'portal.verifyCode', { slug: 'sinar-net', challenge_id: start.data.challenge_id, code }, { ip });
    expect(late.status).toBe(400);
    expect(late.setCookie).toBeNull();
  });

  it('brute force: the 5th wrong code spends the challenge; the right code afterwards is refused', async () => {
    const c = await customer(`status = 'active'`);
    const ip = nextIp();
    const start = await rpc('mutation', 'portal.requestCode', { slug: 'sinar-net', identifier: c.code }, { ip });
    const { code } = await sentCode(start.data.challenge_id);
    const wrongs = ['000000', '111111', '222222', '333333', '444444', '555555'].filter((w) => w !== code).slice(0, 5);
    const left: string[] = [];
    for (const w of wrongs) {
      const r = await rpc('mutation', 'portal.verifyCode', { slug: 'sinar-net', challenge_id: start.data.challenge_id, code: w }, { ip });
      expect(r.status).toBe(400);
      left.push(r.error!.data.details.attempts_left ?? 'none');
    }
    expect(left).toEqual(['4', '3', '2', '1', 'none']);
    const right = await rpc('mutation', 'portal.verifyCode', { slug: 'sinar-net', challenge_id: start.data.challenge_id, code }, { ip });
    expect(right.status).toBe(400);
    expect(right.setCookie).toBeNull();
    const [row] = await h.admin<{ attempts: number; consumed_at: Date | null }[]>`SELECT attempts, consumed_at FROM tenant_portal_codes WHERE id = ${start.data.challenge_id}`;
    expect(row).toEqual({ attempts: 5, consumed_at: null });
  });

  it('answers an unknown customer like a known one, and sends nothing', async () => {
    const before = (await h.admin<{ n: number }[]>`SELECT count(*)::int AS n FROM tenant_wa_messages WHERE template_code = 'portal_code'`)[0]!.n;
    const r = await rpc('mutation', 'portal.requestCode', { slug: 'sinar-net', identifier: 'SN-9999' }, { ip: nextIp() });
    expect(r.status).toBe(200);
    expect(r.data).toEqual({ challenge_id: expect.any(String), expires_in_seconds: 300 });
    expect((await h.admin<{ n: number }[]>`SELECT count(*)::int AS n FROM tenant_wa_messages WHERE template_code = 'portal_code'`)[0]!.n).toBe(before);
  });

  it('limits codes per phone (3 in 15 minutes) and per IP (10 in 15 minutes): 429 with Retry-After', async () => {
    const c = await customer(`status = 'active'`);
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await rpc('mutation', 'portal.requestCode', { slug: 'sinar-net', identifier: c.code }, { ip: nextIp() })).status);
    expect(statuses).toEqual([200, 200, 200, 429]);

    const ip = nextIp();
    const fromOneIp: number[] = [];
    for (let i = 0; i < 11; i++) fromOneIp.push((await rpc('mutation', 'portal.requestCode', { slug: 'sinar-net', identifier: `XX-${i}` }, { ip })).status);
    expect(fromOneIp.slice(0, 10).every((s) => s === 200)).toBe(true);
    const refused = await rpc('mutation', 'portal.requestCode', { slug: 'sinar-net', identifier: 'XX-last' }, { ip });
    expect(refused.status).toBe(429);
    expect(refused.error!.data).toMatchObject({ error_code: 'RATE_LIMITED', details: { scope: 'portal_codes' } });
  });
});

describe('a portal session is its own kind', () => {
  it('operators\' procedures refuse the portal cookie, and the portal refuses an operator\'s token', async () => {
    const cookie = await signIn((await customer(`status = 'active'`)).code);
    const asOperator = await rpc('query', 'customers.customers.list', { limit: 5 }, { cookie });
    expect(asOperator.status).toBe(401);
    const owner = await h.login('owner@sinarnet.demo');
    expect((await rpc('query', 'customers.customers.list', { limit: 5 }, { token: owner })).status).toBe(200);
    const portalAsOwner = await rpc('query', 'portal.service', undefined, { token: owner });
    expect(portalAsOwner.status).toBe(401);
    expect(portalAsOwner.error!.data.error_code).toBe('UNAUTHENTICATED');
    // a forged token of the right shape is nobody
    expect((await rpc('query', 'portal.service', undefined, { cookie: `rrnet_portal=rps_${tenantA}_${'A'.repeat(43)}` })).status).toBe(401);
  });

  it('rate limits a subscriber (100 calls a minute), not their ISP\'s staff', async () => {
    const cookie = await signIn((await customer(`status = 'active'`)).code);
    const ip = nextIp();
    const calls = await Promise.all(Array.from({ length: 100 }, () => rpc('query', 'portal.receipts', undefined, { cookie, ip })));
    expect(calls.every((c) => c.status === 200)).toBe(true);
    // The window slides: calls that straddle a minute boundary count the earlier minute's a
    // little less (by how far into the new minute it is), so the refusal may come a few
    // calls later — at most 100 × (the calls' duration / 60 s) later; never a call too early.
    let refused = await rpc('query', 'portal.receipts', undefined, { cookie, ip });
    for (let extra = 0; refused.status === 200 && extra < 10; extra++) refused = await rpc('query', 'portal.receipts', undefined, { cookie, ip });
    expect(refused.status).toBe(429);
    expect(refused.error!.data.details).toMatchObject({ scope: 'user' });
    // staff of the same ISP are not held back by it
    const owner = await h.login('owner@sinarnet.demo');
    expect((await rpc('query', 'customers.customers.list', { limit: 5 }, { token: owner, ip: nextIp() })).status).toBe(200);
  });

  it('signing out ends the session at once and clears the cookie', async () => {
    const cookie = await signIn((await customer(`status = 'active'`)).code);
    const out = await rpc('mutation', 'portal.signOut', undefined, { cookie });
    expect(out.status).toBe(200);
    expect(out.setCookie).toMatch(/^rrnet_portal=; .*Max-Age=0/);
    expect((await rpc('query', 'portal.service', undefined, { cookie })).status).toBe(401);
  });
});

describe('the customer scope (Postgres)', () => {
  it('a forged invoice id of another customer of the same ISP is not found; the lists hold only their own', async () => {
    const me = await customer(`status = 'active' AND EXISTS (SELECT 1 FROM tenant_invoices i WHERE i.customer_id = tenant_customers.id)`);
    const [other] = await h.admin<{ id: string }[]>`SELECT id FROM tenant_invoices WHERE tenant_id = ${tenantA} AND customer_id <> ${me.id} LIMIT 1`;
    const [mine] = await h.admin<{ id: string }[]>`SELECT id FROM tenant_invoices WHERE customer_id = ${me.id} LIMIT 1`;
    const cookie = await signIn(me.code);
    expect((await rpc('query', 'portal.invoice', { id: mine!.id }, { cookie })).status).toBe(200);
    const forged = await rpc('query', 'portal.invoice', { id: other!.id }, { cookie });
    expect(forged.status).toBe(404);
    expect(forged.error!.data.error_code).toBe('NOT_FOUND');
    // paying it is not found either
    expect((await rpc('mutation', 'portal.pay', { id: other!.id }, { cookie })).status).toBe(404);
    const list = await rpc('query', 'portal.invoices', undefined, { cookie });
    const owners = await h.admin<{ customer_id: string }[]>`SELECT DISTINCT customer_id FROM tenant_invoices WHERE id = ANY(${list.data.map((i: { id: string }) => i.id)}::uuid[])`;
    expect(owners).toEqual([{ customer_id: me.id }]);
    const receipts = await rpc('query', 'portal.receipts', undefined, { cookie });
    const payers = await h.admin<{ customer_id: string }[]>`SELECT DISTINCT customer_id FROM tenant_payments WHERE id = ANY(${receipts.data.map((r: { id: string }) => r.id)}::uuid[])`;
    expect(payers.every((p) => p.customer_id === me.id)).toBe(true);
  });

  it('sees the outage affecting them with its expected restoration, their ticket without internal comments, and not another subscriber\'s ticket', async () => {
    const [t1] = await h.admin<{ id: string; customer_id: string; outage_id: string }[]>`SELECT id, customer_id, outage_id FROM tenant_tickets WHERE tenant_id = ${tenantA} AND number = 'T-00001'`;
    const [t2] = await h.admin<{ id: string }[]>`SELECT id FROM tenant_tickets WHERE tenant_id = ${tenantA} AND number = 'T-00002'`;
    await h.admin`UPDATE tenant_outages SET expected_restoration_at = now() + interval '3 hours' WHERE id = ${t1!.outage_id}`;
    const [c] = await h.admin<{ code: string }[]>`SELECT code FROM tenant_customers WHERE id = ${t1!.customer_id}`;
    const cookie = await signIn(c!.code);
    const outages = await rpc('query', 'portal.outages', undefined, { cookie });
    expect(outages.data).toContainEqual(expect.objectContaining({ id: t1!.outage_id, status: 'open', expected_restoration_at: expect.any(String) }));
    const ticket = await rpc('query', 'portal.ticket', { id: t1!.id }, { cookie });
    expect(ticket.status).toBe(200);
    expect(ticket.data.comments.map((k: { body: string }) => k.body)).toEqual(['Gangguan sedang ditangani, perkiraan pulih siang ini.']);
    expect((await rpc('query', 'portal.ticket', { id: t2!.id }, { cookie })).status).toBe(404);
  });
});

describe('what a subscriber does', () => {
  it('opens a ticket (source portal, linked to the open outage affecting them) and replies on it', async () => {
    const [affected] = await h.admin<{ code: string; outage_id: string }[]>`
      SELECT c.code, oc.outage_id FROM tenant_outage_customers oc JOIN tenant_outages o ON o.id = oc.outage_id JOIN tenant_customers c ON c.id = oc.customer_id
      WHERE o.tenant_id = ${tenantA} AND o.status = 'open' AND c.phone IS NOT NULL ORDER BY c.code DESC LIMIT 1`;
    const cookie = await signIn(affected!.code);
    const opened = await rpc('mutation', 'portal.openTicket', { subject: 'Internet mati', description: 'Lampu LOS merah', category: 'no_connection' }, { cookie });
    expect(opened.status).toBe(200);
    const [row] = await h.admin<{ source: string; outage_id: string; number: string }[]>`SELECT source, outage_id, number FROM tenant_tickets WHERE id = ${opened.data.id}`;
    expect(row).toMatchObject({ source: 'portal', outage_id: affected!.outage_id });
    // numbered after every ticket of the ISP, which the subscriber cannot see
    expect(row!.number).not.toBe('T-00001');
    const reply = await rpc('mutation', 'portal.comment', { id: opened.data.id, body: 'Masih mati' }, { cookie });
    expect(reply.data.comments).toEqual([expect.objectContaining({ body: 'Masih mati', from_customer: true })]);
    expect((await rpc('query', 'portal.tickets', undefined, { cookie })).data.map((t: { id: string }) => t.id)).toContain(opened.data.id);
    // bad input: the validation envelope, not a 500
    expect((await rpc('mutation', 'portal.openTicket', { subject: 'x', category: 'nope' }, { cookie })).status).toBe(400);
  });

  it('changes the phone number only with the code sent to the NEW number; e-mail, address and reminders directly', async () => {
    const c = await customer(`status = 'active'`);
    const cookie = await signIn(c.code);
    const ip = nextIp();
    const start = await rpc('mutation', 'portal.requestPhoneChange', { phone: '0813 9999 0101' }, { cookie, ip });
    expect(start.status).toBe(200);
    const sent = await sentCode(start.data.challenge_id);
    expect(sent.to_phone).toBe('+6281399990101');
    expect((await rpc('mutation', 'portal.confirmPhoneChange', { challenge_id: start.data.challenge_id, code: sent.code === '123456' ? '654321' : '123456' }, { cookie, ip })).status).toBe(400);
    expect((await h.admin<{ phone: string }[]>`SELECT phone FROM tenant_customers WHERE id = ${c.id}`)[0]!.phone).toBe(c.phone);
    const ok = await rpc('mutation', 'portal.confirmPhoneChange', { challenge_id: start.data.challenge_id, code: sent.code }, { cookie, ip });
    expect(ok.data).toEqual({ phone: '+6281399990101' });

    const contact = await rpc('mutation', 'portal.updateContact', { email: 'Budi@Example.com', address: 'Jl. Melati 5' }, { cookie });
    expect(contact.data).toMatchObject({ email: 'budi@example.com', address: 'Jl. Melati 5', phone: '+6281399990101' });
    const prefs = await rpc('mutation', 'portal.setPreferences', { opt_out_reminders: true }, { cookie });
    expect(prefs.data.opt_out_reminders).toBe(true);
    expect((await rpc('mutation', 'portal.updateContact', { email: 'not-an-email', address: null }, { cookie })).status).toBe(400);
  });

  it('pays an isolated subscriber\'s open invoices from the portal: Midtrans settles them and the service is restored', async () => {
    const c = await customer(`status = 'isolated' AND router_id IS NOT NULL`);
    const cookie = await signIn(c.code);
    const service = await rpc('query', 'portal.service', undefined, { cookie });
    expect(service.data).toMatchObject({ status: 'isolated', isolation: expect.objectContaining({ invoice_number: expect.any(String) }) });
    const open = (await rpc('query', 'portal.invoices', undefined, { cookie })).data.filter((i: { status: string }) => i.status === 'unpaid' || i.status === 'overdue');
    expect(open.length).toBeGreaterThan(0);
    const { services } = await import('~/server/services');
    for (const [n, invoice] of (open as { id: string; outstanding: number }[]).entries()) {
      const link = await rpc('mutation', 'portal.pay', { id: invoice.id }, { cookie });
      expect(link.status).toBe(200);
      expect(link.data).toMatchObject({ amount: invoice.outstanding, redirect_url: expect.stringMatching(/^https:\/\/app\.sandbox\.midtrans\.com\//) });
      const orderId = /tok-(.+)$/.exec(link.data.redirect_url)![1]!;
      const base = { order_id: orderId, status_code: '200', gross_amount: `${invoice.outstanding}.00` };
      const body = { ...base, transaction_id: `portal-pay-${n}`, transaction_status: 'settlement', fraud_status: 'accept', currency: 'IDR', payment_type: 'qris', transaction_time: '2026-12-05 09:00:00', signature_key: midtransSignature(base, SERVER_KEY) };
      const res = await webhook.POST(new Request('http://x/api/v1/billing/webhooks/midtrans/sinar-net', { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }), {
        params: Promise.resolve({ tenant: 'sinar-net' }),
      });
      expect(res.status).toBe(200);
      await runQueuedJobs(h.admin, services().sql, {
        payment_processing: ({ data, tenantId, withTenant }) => withTenant((tx) => processMidtransTransaction(tx, services().network, tenantId, data.transaction_id as string)),
        billing_isolir: ({ data, tenantId, withTenant }) => executeIsolir(withTenant, services().network, tenantId, data as never, { lastAttempt: false }),
      });
    }
    const after = await rpc('query', 'portal.service', undefined, { cookie });
    expect(after.data).toMatchObject({ status: 'active', isolation: null, open_invoices: 0, outstanding: 0 });
    const receipts = await rpc('query', 'portal.receipts', undefined, { cookie });
    expect(receipts.data.filter((r: { receipt_number: string }) => r.receipt_number.startsWith('MT-portal-pay-'))).toHaveLength(open.length);
  });
});
