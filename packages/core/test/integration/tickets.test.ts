/**
 * Trouble tickets against real PostgreSQL under RLS: numbering, SLA due times by priority,
 * the machine (resolve, close, reopen restarting the SLA; refusals), overdue and "my
 * tickets" lists, comments internal and visible, assignment to the ISP's staff only, and
 * the link to an open outage — at creation, and when an outage is propagated later; a
 * subscriber's WhatsApp message (the simulator's signed Cloud API webhook over HTTP)
 * opening a ticket, the next one commenting on it, a replay changing nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '@rrnet/contracts';
import { declareOutage, getOutage, propagateOutage, resolveOutage } from '../../src/outages/outages';
import { DEMO_WA_GATEWAYS } from '@rrnet/whatsapp/demo';
import { registerTicketInbound, subjectFromMessage } from '../../src/tickets/inbound';
import { addTicketComment, assignTicket, createTicket, getTicket, listAssignees, listTickets, resolveOutageTickets, setTicketStatus, updateTicket } from '../../src/tickets/tickets';
import { startWaHarness } from './wa_harness';
import type { WaHarness } from './wa_harness';

let h: WaHarness;
let t: string;
let technician: string;
let outsider: string;

beforeAll(async () => {
  h = await startWaHarness();
  t = h.tenantA;
  const [tech] = await h.admin<{ user_id: string }[]>`SELECT user_id FROM tenant_memberships WHERE tenant_id = ${t} AND role = 'technician' LIMIT 1`;
  technician = tech!.user_id;
  const [other] = await h.admin<{ user_id: string }[]>`SELECT user_id FROM tenant_memberships WHERE tenant_id = ${h.tenantB} LIMIT 1`;
  outsider = other!.user_id;
}, 90_000);
afterAll(async () => {
  await h?.close();
});

const inA = <T>(fn: Parameters<WaHarness['inTenant']>[1]) => h.inTenant(t, fn) as Promise<T>;

async function customerInOpenOutage(): Promise<string> {
  const [c] = await h.admin<{ customer_id: string }[]>`
    SELECT oc.customer_id FROM tenant_outage_customers oc JOIN tenant_outages o ON o.id = oc.outage_id WHERE o.tenant_id = ${t} AND o.status = 'open' LIMIT 1`;
  return c!.customer_id;
}
async function customerOutsideOutages(): Promise<string> {
  const [c] = await h.admin<{ id: string }[]>`
    SELECT c.id FROM tenant_customers c WHERE c.tenant_id = ${t} AND c.status = 'active'
      AND NOT EXISTS (SELECT 1 FROM tenant_outage_customers oc JOIN tenant_outages o ON o.id = oc.outage_id WHERE oc.customer_id = c.id AND o.status = 'open')
    ORDER BY c.code LIMIT 1`;
  return c!.id;
}

describe('tickets', () => {
  it('numbered per ISP, due by the SLA of the priority, linked to the open outage affecting the customer', async () => {
    const customer = await customerInOpenOutage();
    const before = Date.now();
    const a = await inA<Awaited<ReturnType<typeof createTicket>>>((tx) => createTicket(tx, null, { customer_id: customer, subject: 'Internet mati', category: 'no_connection', priority: 'urgent' }));
    expect(a.number).toMatch(/^T-\d{5}$/);
    expect(a.status).toBe('open');
    expect(a.outage_id).not.toBeNull();
    expect(a.outage_title).not.toBeNull();
    const dueH = (Date.parse(a.due_at) - before) / 3_600_000;
    expect(dueH).toBeGreaterThan(3.9);
    expect(dueH).toBeLessThan(4.1);
    const other = await customerOutsideOutages();
    const b = await inA<typeof a>((tx) => createTicket(tx, null, { customer_id: other, subject: 'Lambat malam hari', category: 'slow', priority: 'low' }));
    expect(Number(b.number.slice(2))).toBe(Number(a.number.slice(2)) + 1);
    expect(b.outage_id).toBeNull();
    expect((Date.parse(b.due_at) - before) / 3_600_000).toBeGreaterThan(71.9);
    // a priority change moves the due time
    const raised = await inA<typeof a>((tx) => updateTicket(tx, { id: b.id, priority: 'high' }));
    expect((Date.parse(raised.due_at) - Date.parse(raised.created_at)) / 3_600_000).toBeCloseTo(8, 5);
  });

  it('moves through the machine: resolve, close, reopen (the SLA restarts); refusals are CONFLICT', async () => {
    const x = await inA<Awaited<ReturnType<typeof createTicket>>>((tx) => createTicket(tx, null, { subject: 'Pindah rumah', category: 'relocation', priority: 'normal' }));
    await expect(inA((tx) => setTicketStatus(tx, x.id, 'closed'))).rejects.toThrow(AppError);
    await inA((tx) => setTicketStatus(tx, x.id, 'in_progress'));
    await inA((tx) => setTicketStatus(tx, x.id, 'waiting_customer'));
    const resolved = await inA<typeof x>((tx) => setTicketStatus(tx, x.id, 'resolved'));
    expect(resolved.resolved_at).not.toBeNull();
    const closed = await inA<typeof x>((tx) => setTicketStatus(tx, x.id, 'closed'));
    expect(closed.closed_at).not.toBeNull();
    const later = new Date(Date.now() + 86_400_000);
    const reopened = await inA<typeof x>((tx) => setTicketStatus(tx, x.id, 'open', later));
    expect(reopened).toMatchObject({ status: 'open', resolved_at: null, closed_at: null });
    expect(Date.parse(reopened.due_at)).toBe(later.getTime() + 24 * 3_600_000);
    const detail = await inA<Awaited<ReturnType<typeof getTicket>>>((tx) => getTicket(tx, x.id));
    expect(detail.next_statuses).toEqual(['in_progress', 'waiting_customer', 'resolved']);
  });

  it('overdue and "my tickets"; assignment only to the ISP’s own staff', async () => {
    const x = await inA<Awaited<ReturnType<typeof createTicket>>>((tx) => createTicket(tx, null, { subject: 'Router pelanggan rusak', category: 'other', priority: 'high', assignee_id: technician }));
    expect(x.assignee_name).not.toBeNull();
    await h.admin`UPDATE tenant_tickets SET due_at = now() - interval '1 hour' WHERE id = ${x.id}`;
    const overdue = await inA<Awaited<ReturnType<typeof listTickets>>>((tx) => listTickets(tx, null, { scope: 'open', overdue: true, limit: 50 }));
    expect(overdue.items.map((i) => i.id)).toContain(x.id);
    expect(overdue.items.every((i) => i.overdue)).toBe(true);
    const mine = await inA<Awaited<ReturnType<typeof listTickets>>>((tx) => listTickets(tx, technician, { scope: 'open', mine: true, limit: 50 }));
    expect(mine.items.map((i) => i.id)).toContain(x.id);
    expect(mine.items.every((i) => i.assignee_id === technician)).toBe(true);
    const [others] = await h.admin<{ n: number }[]>`SELECT count(*)::int AS n FROM tenant_tickets WHERE tenant_id = ${t} AND assignee_id IS DISTINCT FROM ${technician} AND status IN ('open', 'in_progress', 'waiting_customer')`;
    expect(others!.n).toBeGreaterThan(0);
    await expect(inA((tx) => assignTicket(tx, x.id, outsider))).rejects.toThrow(/Not a user of this ISP/);
    const unassigned = await inA<typeof x>((tx) => assignTicket(tx, x.id, null));
    expect(unassigned.assignee_id).toBeNull();
    const people = await inA<Awaited<ReturnType<typeof listAssignees>>>((tx) => listAssignees(tx));
    expect(people[0]!.role).toBe('technician');
    // resolved: no longer overdue
    await inA((tx) => setTicketStatus(tx, x.id, 'resolved'));
    const after = await inA<Awaited<ReturnType<typeof listTickets>>>((tx) => listTickets(tx, null, { scope: 'open', overdue: true, limit: 50 }));
    expect(after.items.map((i) => i.id)).not.toContain(x.id);
  });

  it('comments: internal and visible, in order, with their author', async () => {
    const x = await inA<Awaited<ReturnType<typeof createTicket>>>((tx) => createTicket(tx, technician, { subject: 'Tagihan ganda', category: 'billing', priority: 'normal' }));
    await inA((tx) => addTicketComment(tx, technician, { id: x.id, body: 'Cek pembayaran di bank', visibility: 'internal' }));
    await inA((tx) => addTicketComment(tx, technician, { id: x.id, body: 'Sudah kami koreksi', visibility: 'visible' }));
    const d = await inA<Awaited<ReturnType<typeof getTicket>>>((tx) => getTicket(tx, x.id));
    expect(d.comments.map((c) => [c.body, c.visibility])).toEqual([
      ['Cek pembayaran di bank', 'internal'],
      ['Sudah kami koreksi', 'visible'],
    ]);
    expect(d.comments[0]!.author_name).not.toBeNull();
  });

  it('a ticket opened before its outage is declared is linked when the outage is propagated', async () => {
    const customer = await customerOutsideOutages();
    const x = await inA<Awaited<ReturnType<typeof createTicket>>>((tx) => createTicket(tx, null, { customer_id: customer, subject: 'Tidak bisa browsing', category: 'no_connection', priority: 'high' }));
    expect(x.outage_id).toBeNull();
    const [odp] = await h.admin<{ odp_id: string }[]>`SELECT odp_id FROM tenant_customers WHERE id = ${customer}`;
    const o = await inA<Awaited<ReturnType<typeof declareOutage>>>((tx) => declareOutage(tx, t, null, { title: 'ODP mati', node_id: odp!.odp_id, cause: 'power' }));
    await inA((tx) => propagateOutage(tx, t, o.id));
    const linked = await inA<Awaited<ReturnType<typeof getTicket>>>((tx) => getTicket(tx, x.id));
    expect(linked.outage_id).toBe(o.id);
    const byOutage = await inA<Awaited<ReturnType<typeof listTickets>>>((tx) => listTickets(tx, null, { scope: 'all', outage_id: o.id, limit: 50 }));
    expect(byOutage.items.map((i) => i.id)).toContain(x.id);

    // resolving the outage proposes resolving its tickets: refused before, done once after
    await expect(inA((tx) => resolveOutageTickets(tx, o.id, null, 'Sudah pulih'))).rejects.toThrow(/Resolve the outage first/);
    await inA((tx) => resolveOutage(tx, t, null, o.id));
    const detail = await inA<Awaited<ReturnType<typeof getOutage>>>((tx) => getOutage(tx, o.id));
    expect(detail.open_tickets).toBeGreaterThanOrEqual(1);
    expect(await inA((tx) => resolveOutageTickets(tx, o.id, technician, 'Gangguan sudah diatasi'))).toBe(detail.open_tickets);
    const done = await inA<Awaited<ReturnType<typeof getTicket>>>((tx) => getTicket(tx, x.id));
    expect(done.status).toBe('resolved');
    expect(done.resolved_at).not.toBeNull();
    expect(done.comments.at(-1)).toMatchObject({ body: 'Gangguan sudah diatasi', visibility: 'visible' });
    expect(await inA((tx) => resolveOutageTickets(tx, o.id, null, 'again'))).toBe(0);
    expect((await inA<Awaited<ReturnType<typeof getOutage>>>((tx) => getOutage(tx, o.id))).open_tickets).toBe(0);
  });

  it('tenant B sees none of tenant A’s tickets', async () => {
    const x = await inA<Awaited<ReturnType<typeof createTicket>>>((tx) => createTicket(tx, null, { subject: 'Rahasia A', category: 'other', priority: 'low' }));
    await expect(h.inTenant(h.tenantB, (tx) => getTicket(tx, x.id))).rejects.toThrow(AppError);
    const list = await h.inTenant(h.tenantB, (tx) => listTickets(tx, null, { scope: 'all', limit: 100 }));
    expect(list.items.some((i) => i.id === x.id)).toBe(false);
  });
});

describe('inbound WhatsApp', () => {
  const account = (DEMO_WA_GATEWAYS['sinar-net']!.primary.credentials as { phone_number_id: string }).phone_number_id;
  const ticketsOf = (customer: string) =>
    h.admin<{ id: string; source: string; outage_id: string | null; subject: string; status: string }[]>`
      SELECT id, source, outage_id, subject, status FROM tenant_tickets WHERE customer_id = ${customer} ORDER BY created_at`;

  it('a subscriber’s message opens a ticket (linked to their outage), the next one comments on it, a replay changes nothing', async () => {
    registerTicketInbound();
    const customer = await customerInOpenOutage();
    // close what earlier tests left open for this customer
    await h.admin`UPDATE tenant_tickets SET status = 'closed', closed_at = now() WHERE customer_id = ${customer}`;
    const [c] = await h.admin<{ phone: string }[]>`SELECT phone FROM tenant_customers WHERE id = ${customer}`;
    const before = (await ticketsOf(customer)).length;

    const first = await h.sim.inbound({ account, from: c!.phone, text: 'Internet saya mati dari tadi pagi\nmohon dicek', name: 'Budi' });
    expect(first.status).toBe(200);
    const after = await ticketsOf(customer);
    expect(after).toHaveLength(before + 1);
    const ticket = after.at(-1)!;
    expect(ticket).toMatchObject({ source: 'whatsapp', status: 'open', subject: 'Internet saya mati dari tadi pagi' });
    expect(ticket.outage_id).not.toBeNull();

    await h.sim.inbound({ account, from: c!.phone, text: 'Sudah 5 jam belum nyala' });
    expect(await ticketsOf(customer)).toHaveLength(before + 1);
    // the same message again (Meta retries): nothing new
    const replay = await h.sim.inbound({ account, from: c!.phone, text: 'Internet saya mati dari tadi pagi\nmohon dicek', id: first.id });
    expect(replay.status).toBe(200);
    const d = await inA<Awaited<ReturnType<typeof getTicket>>>((tx) => getTicket(tx, ticket.id));
    expect(d.comments.map((k) => [k.body, k.from_customer, k.visibility])).toEqual([
      ['Internet saya mati dari tadi pagi\nmohon dicek', true, 'visible'],
      ['Sudah 5 jam belum nyala', true, 'visible'],
    ]);
    expect(await ticketsOf(customer)).toHaveLength(before + 1);
  });

  it('a number no customer has still opens a ticket, with the number on it; a forged signature opens nothing', async () => {
    registerTicketInbound();
    const [n] = await h.admin<{ n: number }[]>`SELECT count(*)::int AS n FROM tenant_tickets WHERE tenant_id = ${t} AND source = 'whatsapp'`;
    await h.sim.inbound({ account, from: '+6289912345678', text: 'Mau pasang baru', name: 'Sari' });
    const [row] = await h.admin<{ customer_id: string | null; description: string }[]>`
      SELECT customer_id, description FROM tenant_tickets WHERE tenant_id = ${t} AND source = 'whatsapp' ORDER BY created_at DESC LIMIT 1`;
    expect(row).toMatchObject({ customer_id: null, description: 'Sari +6289912345678' });
    const forged = await fetch(`${h.webhookUrl}/cloud/sinar-net`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': 'sha256=00' },
      body: JSON.stringify({ object: 'whatsapp_business_account', entry: [{ changes: [{ value: { messages: [{ from: '6289900000000', id: 'wamid.FORGED', type: 'text', text: { body: 'palsu' } }] } }] }] }),
    });
    expect(forged.status).toBe(403);
    const [m] = await h.admin<{ n: number }[]>`SELECT count(*)::int AS n FROM tenant_tickets WHERE tenant_id = ${t} AND source = 'whatsapp'`;
    expect(m!.n).toBe(n!.n + 1);
    expect(subjectFromMessage('ok')).toBe('WhatsApp: ok');
  });
});
