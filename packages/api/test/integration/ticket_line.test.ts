/**
 * The customer's line at a ticket (tickets.line), through the procedures on a seeded
 * database, the real Redis and the RouterOS simulator over real HTTP: the PPPoE session
 * online and offline, the secret as the router has it (enabled, isolated, disabled,
 * missing), a router that does not answer as a state (never an error), a ticket without a
 * customer or a customer without a router, another ISP's ticket, and personal data masked
 * for a viewer.
 */
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RouterOsClient } from '@rrnet/routeros';
import { createRouterSimulator } from '@rrnet/routeros/simulator';
import type { RouterSimulator, SimRouter } from '@rrnet/routeros/simulator';
import { outcome, startHarness } from './api_harness';
import type { Harness } from './api_harness';

let h: Harness;
let sim: RouterSimulator;
let admin: postgres.Sql;
let owner: string;
let technician: string;
let viewer: string;
let router: { id: string; name: string; sim: SimRouter };
let customer: { id: string; code: string; pppoe_username: string; phone: string; address: string; lat: number; lng: number; odp_name: string };
let ticketId: string;

/** The simulated router as an operator at its console would change it. */
const console_ = () => new RouterOsClient({ host: '127.0.0.1', port: router.sim.port, useTls: false, username: 'admin', password: 'x' }, { retry: { attempts: 1 } });

beforeAll(async () => {
  h = await startHarness();
  admin = postgres(h.db.adminUrl, { max: 1, onnotice: () => {} });
  const routers = await admin<{ id: string; name: string }[]>`SELECT id, name FROM tenant_routers ORDER BY tenant_id = ${h.tenantA} DESC, name`;
  sim = await createRouterSimulator({ ports: routers.map(() => 0) });
  for (const [i, r] of routers.entries()) await admin`UPDATE tenant_routers SET host = '127.0.0.1', port = ${sim.routers[i]!.port}, use_tls = false WHERE id = ${r.id}`;
  router = { ...routers[0]!, sim: sim.routers[0]! };
  const [c] = await admin<(typeof customer)[]>`
    SELECT c.id, c.code, c.pppoe_username, c.phone, c.address, c.location[1] AS lat, c.location[0] AS lng, n.name AS odp_name
    FROM tenant_customers c JOIN tenant_topology_nodes n ON n.id = c.odp_id
    WHERE c.tenant_id = ${h.tenantA} AND c.router_id = ${router.id} AND c.status = 'active' AND c.location IS NOT NULL AND c.phone IS NOT NULL
    ORDER BY c.code LIMIT 1`;
  customer = c!;
  owner = (await h.login('owner@sinarnet.demo')).access_token;
  technician = (await h.login('teknisi@sinarnet.demo')).access_token;
  viewer = (await h.login('viewer@sinarnet.demo')).access_token;
  ticketId = (await h.call(owner).tickets.create({ customer_id: customer.id, subject: 'Internet putus-putus', category: 'no_connection', priority: 'high' })).id;
}, 90_000);
afterAll(async () => {
  await sim?.close();
  await admin?.end();
  await h?.close();
});

describe('the customer’s line at a ticket', () => {
  it('offline when the PPPoE user has no session; the secret not on the router is "missing"', async () => {
    const line = await h.call(technician).tickets.line({ id: ticketId });
    expect(line).toMatchObject({
      ticket_id: ticketId,
      state: 'offline',
      session: null,
      secret: 'missing',
      router: { id: router.id, name: router.name, reachable: true, error: null },
      customer: { id: customer.id, code: customer.code, pppoe_username: customer.pppoe_username, status: 'active', isolated: false, odp_name: customer.odp_name, pii_masked: false },
    });
    expect(line.customer!.location!.lat).toBeCloseTo(Number(customer.lat), 9);
    expect(line.customer!.location!.lng).toBeCloseTo(Number(customer.lng), 9);
    // the technician sees the phone and address to call and find the customer
    expect(line.customer!.phone).toBe(customer.phone);
    expect(line.customer!.address).toBe(customer.address);
  });

  it('online with the session the router reports: address, uptime, caller id; asked live each time', async () => {
    await console_().createSecret({ name: customer.pppoe_username, password: 'x', profile: 'default', service: 'pppoe' });
    const before = router.sim.state.requests;
    const line = await h.call(technician).tickets.line({ id: ticketId });
    expect(router.sim.state.requests).toBeGreaterThan(before);
    const session = router.sim.state.active.find((s) => s.name === customer.pppoe_username)!;
    expect(line.state).toBe('online');
    expect(line.secret).toBe('enabled');
    expect(line.session).toEqual({ address: session.address, uptime: expect.stringMatching(/^\d/), caller_id: session.callerId });
    expect(Date.parse(line.checked_at)).not.toBeNaN();
  });

  it('isolated: the customer’s status and the secret on the isolir profile', async () => {
    const client = console_();
    const secret = (await client.findSecret(customer.pppoe_username))!;
    await client.updateSecret(secret.id, { profile: 'isolir' });
    await admin`UPDATE tenant_customers SET status = 'isolated' WHERE id = ${customer.id}`;
    try {
      const line = await h.call(technician).tickets.line({ id: ticketId });
      expect(line).toMatchObject({ state: 'online', secret: 'isolated', customer: { status: 'isolated', isolated: true } });
    } finally {
      await client.updateSecret(secret.id, { profile: 'default' });
      await admin`UPDATE tenant_customers SET status = 'active' WHERE id = ${customer.id}`;
    }
  });

  it('a disabled secret whose session was dropped: offline, disabled', async () => {
    const client = console_();
    const secret = (await client.findSecret(customer.pppoe_username))!;
    await client.disableSecret(secret.id);
    await client.kickByName(customer.pppoe_username);
    const line = await h.call(technician).tickets.line({ id: ticketId });
    expect(line).toMatchObject({ state: 'offline', secret: 'disabled', session: null });
    await client.enableSecret(secret.id); // the CPE dials in again
    expect((await h.call(technician).tickets.line({ id: ticketId })).state).toBe('online');
  });

  it('a router that does not answer is a state, not an error: unreachable, with when it was last seen and the rest of the card', async () => {
    const lastSeen = new Date(Date.now() - 3_600_000);
    await admin`UPDATE tenant_routers SET status = 'online', last_seen_at = ${lastSeen.toISOString()}::timestamptz WHERE id = ${router.id}`;
    await router.sim.stop();
    try {
      const line = await h.call(technician).tickets.line({ id: ticketId });
      expect(line).toMatchObject({ state: 'router_unreachable', session: null, secret: null, router: { id: router.id, status: 'online', reachable: false }, customer: { id: customer.id } });
      expect(line.router!.last_seen_at).toBe(lastSeen.toISOString());
      expect(line.router!.error).toMatch(/refused|unreachable|ECONNREFUSED/i);
      expect(line.customer!.location).not.toBeNull();
      // a router that answers 500s is unreachable too
      await router.sim.start();
      router.sim.configure({ failure: { mode: 'error500' } });
      expect((await h.call(technician).tickets.line({ id: ticketId })).state).toBe('router_unreachable');
    } finally {
      if (!router.sim.running) await router.sim.start();
      router.sim.configure({ failure: null });
    }
  });

  it('a ticket without a customer says so; a customer without a router says so', async () => {
    const bare = await h.call(owner).tickets.create({ subject: 'Pindah alamat kantor', category: 'relocation' });
    expect(await h.call(technician).tickets.line({ id: bare.id })).toMatchObject({ ticket_id: bare.id, state: 'no_customer', customer: null, router: null, session: null, secret: null });

    const [other] = await admin<{ id: string }[]>`
      SELECT id FROM tenant_customers WHERE tenant_id = ${h.tenantA} AND status = 'active' AND id <> ${customer.id} ORDER BY code LIMIT 1`;
    await admin`UPDATE tenant_customers SET router_id = NULL, location = NULL WHERE id = ${other!.id}`;
    const t = await h.call(owner).tickets.create({ customer_id: other!.id, subject: 'Belum ada router', category: 'other' });
    const line = await h.call(technician).tickets.line({ id: t.id });
    expect(line).toMatchObject({ state: 'no_router', router: null, session: null, secret: null, customer: { id: other!.id, location: null } });
  });

  it('an unknown ticket and another ISP’s ticket are NOT_FOUND', async () => {
    expect(await outcome(h.call(technician).tickets.line({ id: '00000000-0000-4000-8000-000000000000' }))).toBe('NOT_FOUND');
    const [foreign] = await admin<{ id: string }[]>`SELECT id FROM tenant_tickets WHERE tenant_id = ${h.tenantB} AND customer_id IS NOT NULL LIMIT 1`;
    expect(foreign).toBeDefined();
    expect(await outcome(h.call(owner).tickets.line({ id: foreign!.id }))).toBe('NOT_FOUND');
    expect(await outcome(h.call(owner).tickets.line({ id: 'not-a-uuid' }))).toBe('VALIDATION_FAILED');
  });

  it('a viewer sees the line with the phone and address masked', async () => {
    const line = await h.call(viewer).tickets.line({ id: ticketId });
    expect(line.state).toBe('online');
    expect(line.customer!.pii_masked).toBe(true);
    expect(line.customer!.phone).not.toBe(customer.phone);
    expect(line.customer!.phone).toMatch(/\*/);
    expect(line.customer!.address).not.toBe(customer.address);
    expect(line.customer!.location).not.toBeNull();
  });
});
