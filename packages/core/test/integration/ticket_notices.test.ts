/**
 * ticket_update notices against real PostgreSQL under RLS: a status change queues one
 * message to the ticket's subscriber in the same transaction (rolled back with it), a
 * visible staff reply one, an internal comment or the subscriber's own words none; the
 * same event twice is one message; a subscriber who opted out of ticket updates hears
 * nothing; an outage's resolution resolving its linked tickets tells them once (the
 * outage's 'resolved' notice), never an extra ticket notice per ticket.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { declareOutage, propagateOutage, resolveOutage } from '../../src/outages/outages';
import { addTicketComment, createTicket, queueTicketNotice, resolveOutageTickets, setTicketStatus } from '../../src/tickets/tickets';
import type { Ticket } from '@rrnet/contracts';
import { startWaHarness } from './wa_harness';
import type { WaHarness } from './wa_harness';

let h: WaHarness;
let t: string;
let staff: string;

beforeAll(async () => {
  h = await startWaHarness();
  t = h.tenantA;
  const [m] = await h.admin<{ user_id: string }[]>`SELECT user_id FROM tenant_memberships WHERE tenant_id = ${t} AND role = 'technician' LIMIT 1`;
  staff = m!.user_id;
}, 90_000);
afterAll(async () => {
  await h?.close();
});

const inA = <T>(fn: Parameters<WaHarness['inTenant']>[1]) => h.inTenant(t, fn) as Promise<T>;

/** A subscriber with a phone, outside any open outage, who has not opted out: the `n`th by code. */
async function subscriber(n: number): Promise<string> {
  const [c] = await h.admin<{ id: string }[]>`
    SELECT c.id FROM tenant_customers c WHERE c.tenant_id = ${t} AND c.status = 'active' AND c.phone IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM tenant_outage_customers oc JOIN tenant_outages o ON o.id = oc.outage_id WHERE oc.customer_id = c.id AND o.status = 'open')
    ORDER BY c.code OFFSET ${n} LIMIT 1`;
  return c!.id;
}

async function ticketFor(customer: string, subject: string): Promise<Ticket> {
  return inA<Ticket>((tx) => createTicket(tx, null, { customer_id: customer, subject, category: 'slow', priority: 'normal' }));
}

async function noticesOf(ticketId: string) {
  return h.admin<{ customer_id: string; body: string; urgent: boolean; status: string; dedupe_key: string }[]>`
    SELECT customer_id, body, urgent, status, dedupe_key FROM tenant_wa_messages
    WHERE tenant_id = ${t} AND template_code = 'ticket_update' AND dedupe_key LIKE ${`ticket_update:${ticketId}:%`} ORDER BY created_at, id`;
}

describe('ticket_update notices', () => {
  it('a status change queues one message to the subscriber, held by quiet hours like any non-urgent notice, with a drain job', async () => {
    const customer = await subscriber(0);
    const x = await ticketFor(customer, 'Lambat sore hari');
    expect(await noticesOf(x.id)).toHaveLength(0); // opening it is not news to the subscriber who reported it
    await inA((tx) => setTicketStatus(tx, x.id, 'in_progress'));
    const [one, ...rest] = await noticesOf(x.id);
    expect(rest).toHaveLength(0);
    expect(one).toMatchObject({ customer_id: customer, urgent: false, status: 'queued' });
    expect(one!.body).toContain(x.number);
    expect(one!.body).toMatch(/sedang ditangani teknisi|being handled by a technician/);
    const [job] = await h.admin<{ n: number }[]>`SELECT count(*)::int AS n FROM graphile_worker._private_jobs WHERE key = ${`wa:${t}`}`;
    expect(job!.n).toBe(1);

    // waiting on the customer, resolved, closed and reopened: one each
    await inA((tx) => setTicketStatus(tx, x.id, 'waiting_customer'));
    await inA((tx) => setTicketStatus(tx, x.id, 'resolved'));
    await inA((tx) => setTicketStatus(tx, x.id, 'closed'));
    await inA((tx) => setTicketStatus(tx, x.id, 'open'));
    const all = await noticesOf(x.id);
    expect(all).toHaveLength(5);
    expect(all.at(-1)!.body).toMatch(/dibuka kembali|reopened/);
  });

  it('a change that rolls back leaves no message behind', async () => {
    const x = await ticketFor(await subscriber(1), 'Rollback');
    await expect(
      inA(async (tx) => {
        await setTicketStatus(tx, x.id, 'in_progress');
        throw new Error('the request failed after the change');
      }),
    ).rejects.toThrow('the request failed');
    expect(await noticesOf(x.id)).toHaveLength(0);
  });

  it('a visible staff reply is one message with its words; an internal comment or the subscriber\'s own none', async () => {
    const x = await ticketFor(await subscriber(2), 'Minta ganti password WiFi');
    await inA((tx) => addTicketComment(tx, staff, { id: x.id, body: 'Catatan teknisi: cek ODP dulu', visibility: 'internal' }));
    expect(await noticesOf(x.id)).toHaveLength(0);
    await inA((tx) => addTicketComment(tx, null, { id: x.id, body: 'Sudah saya coba restart', visibility: 'visible' }, true));
    expect(await noticesOf(x.id)).toHaveLength(0);
    await inA((tx) => addTicketComment(tx, staff, { id: x.id, body: 'Teknisi datang besok jam 10.', visibility: 'visible' }));
    const rows = await noticesOf(x.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.body).toContain('Teknisi datang besok jam 10.');
    expect(rows[0]!.body).not.toContain('cek ODP');
  });

  it('the same event twice is one message', async () => {
    const x = await ticketFor(await subscriber(3), 'Dua kali');
    const changed = await inA<Ticket>((tx) => setTicketStatus(tx, x.id, 'in_progress'));
    const [first] = await noticesOf(x.id);
    // the same event offered again (a retried delivery of it): the outbox keeps the first
    const again = await inA<string | null>((tx) =>
      queueTicketNotice(tx, changed, { dedupeKey: first!.dedupe_key, event: { kind: 'status', from: 'open', to: 'in_progress', toldByOutage: false }, message: '' }),
    );
    expect(again).toBeNull();
    expect(await noticesOf(x.id)).toHaveLength(1);
    // and the same transition again is refused by the machine, so it tells nobody either
    await expect(inA((tx) => setTicketStatus(tx, x.id, 'in_progress'))).rejects.toThrow(/cannot become/);
    expect(await noticesOf(x.id)).toHaveLength(1);
  });

  it('a subscriber who opted out of ticket updates hears nothing; opting back in resumes them', async () => {
    const customer = await subscriber(4);
    await h.admin`UPDATE tenant_customers SET wa_opt_out_ticket_updates = true WHERE id = ${customer}`;
    try {
      const x = await ticketFor(customer, 'Tidak mau WA');
      await inA((tx) => setTicketStatus(tx, x.id, 'in_progress'));
      await inA((tx) => addTicketComment(tx, staff, { id: x.id, body: 'Sedang kami cek', visibility: 'visible' }));
      expect(await noticesOf(x.id)).toHaveLength(0);
      // their reminders preference is a different choice: ticket updates go again once back in
      await h.admin`UPDATE tenant_customers SET wa_opt_out_ticket_updates = false, wa_opt_out_reminders = true WHERE id = ${customer}`;
      await inA((tx) => setTicketStatus(tx, x.id, 'resolved'));
      expect(await noticesOf(x.id)).toHaveLength(1);
    } finally {
      await h.admin`UPDATE tenant_customers SET wa_opt_out_ticket_updates = false, wa_opt_out_reminders = false WHERE id = ${customer}`;
    }
  });

  it('an outage resolution resolving its linked tickets tells each subscriber once (the outage\'s notice), with no ticket notice', async () => {
    const customer = await subscriber(5);
    const [c] = await h.admin<{ odp_id: string }[]>`SELECT odp_id FROM tenant_customers WHERE id = ${customer}`;
    const x = await ticketFor(customer, 'Internet mati total');
    const y = await ticketFor(customer, 'Masih mati');
    const o = await inA<{ id: string }>((tx) => declareOutage(tx, t, staff, { title: 'Kabel putus', node_id: c!.odp_id, cause: 'fiber_cut' }));
    await inA((tx) => propagateOutage(tx, t, o.id));
    // both tickets are linked to the outage by propagation; a staff member had started on one
    await inA((tx) => setTicketStatus(tx, x.id, 'in_progress'));
    const before = (await noticesOf(x.id)).length + (await noticesOf(y.id)).length;
    expect(before).toBe(1);

    await inA((tx) => resolveOutage(tx, t, staff, o.id));
    expect(await inA((tx) => resolveOutageTickets(tx, o.id, staff, 'Kabel sudah disambung'))).toBeGreaterThanOrEqual(2);
    const afterX = await noticesOf(x.id);
    const afterY = await noticesOf(y.id);
    expect(afterX.length + afterY.length).toBe(before);
    const [told] = await h.admin<{ n: number }[]>`
      SELECT count(*)::int AS n FROM tenant_wa_messages WHERE customer_id = ${customer} AND dedupe_key = ${`outage_resolved:${o.id}:${customer}`}`;
    expect(told!.n).toBe(1);

    // a linked ticket resolved by hand after the outage is over does not tell them again either
    const z = await inA<Ticket>((tx) => createTicket(tx, null, { customer_id: customer, subject: 'Sesudah', category: 'no_connection', priority: 'normal' }));
    await h.admin`UPDATE tenant_tickets SET outage_id = ${o.id} WHERE id = ${z.id}`;
    await inA((tx) => setTicketStatus(tx, z.id, 'resolved'));
    expect(await noticesOf(z.id)).toHaveLength(0);
  });
});
