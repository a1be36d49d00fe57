/**
 * The customer's line at a ticket, for the technician on the spot: the customer (status,
 * isolation, location, ODP), its router as the last sync left it, and — asked live from
 * the router — whether its PPPoE user has a session now and how its secret stands. A
 * router that does not answer is not an error here: the card says so, with when the
 * router was last seen, and still shows everything else.
 */
import { AppError, serverMessage } from '@rrnet/contracts';
import type { CustomerStatus, Permission, TicketLine } from '@rrnet/contracts';
import type { TenantTx } from '@rrnet/db';
import { maskPii } from '@rrnet/logger';
import type { PppActive, PppSecret } from '@rrnet/routeros';
import { routerClient } from '../network/routers';
import { isolirPolicy } from '../network/router_sync';
import type { NetworkServices } from '../network/services';
import { lineSecretState, lineState } from './ticket_rules';

interface LineRow {
  ticket_id: string;
  customer_id: string | null;
  code: string | null;
  name: string | null;
  status: CustomerStatus | null;
  isolir_pending: boolean | null;
  pppoe_username: string | null;
  phone: string | null;
  address: string | null;
  lat: number | null;
  lng: number | null;
  odp_name: string | null;
  router_id: string | null;
  router_name: string | null;
  router_status: 'unknown' | 'online' | 'offline' | null;
  last_seen_at: Date | string | null;
  last_sync_at: Date | string | null;
}

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

type Live = { reachable: true; sessions: PppActive[]; secret: PppSecret | null | undefined } | { reachable: false; error: string };

/** One look at the router: the user's sessions and its secret, side by side. */
async function askRouter(tx: TenantTx, services: NetworkServices, tenantId: string, routerId: string, username: string): Promise<Live> {
  const client = await routerClient(tx, services, tenantId, routerId);
  try {
    const [sessions, secret] = await Promise.all([
      client.findActive(username),
      // the secret is the second question: a router that lists sessions but fails here still says online or offline
      client.findSecret(username).catch((err: unknown) => {
        services.logger.warn({ err, router_id: routerId }, 'line card: the secret could not be read');
        return undefined;
      }),
    ]);
    return { reachable: true, sessions, secret };
  } catch (err) {
    return { reachable: false, error: err instanceof Error ? err.message : String(err) };
  }
}

export async function getTicketLine(tx: TenantTx, services: NetworkServices, tenantId: string, ticketId: string, permissions: readonly Permission[]): Promise<TicketLine> {
  const [row] = await tx.sql<LineRow[]>`
    SELECT t.id AS ticket_id, c.id AS customer_id, c.code, c.name, c.status, c.isolir_pending, c.pppoe_username, c.phone, c.address,
           c.location[1] AS lat, c.location[0] AS lng, n.name AS odp_name,
           r.id AS router_id, r.name AS router_name, r.status AS router_status, r.last_seen_at, r.last_sync_at
    FROM tenant_tickets t
    LEFT JOIN tenant_customers c ON c.id = t.customer_id
    LEFT JOIN tenant_topology_nodes n ON n.id = c.odp_id
    LEFT JOIN tenant_routers r ON r.id = c.router_id
    WHERE t.id = ${ticketId}`;
  if (!row) throw new AppError('NOT_FOUND', { message: serverMessage('ticket_not_found') });
  const checkedAt = new Date().toISOString();
  if (!row.customer_id) {
    return { ticket_id: row.ticket_id, state: 'no_customer', checked_at: checkedAt, customer: null, router: null, session: null, secret: null };
  }
  const masked = !permissions.includes('customers.pii.read');
  const mask = (v: string | null) => (v === null ? null : masked ? maskPii(v) : v);
  const customer: NonNullable<TicketLine['customer']> = {
    id: row.customer_id,
    code: row.code!,
    name: row.name!,
    status: row.status!,
    isolated: row.status === 'isolated' || row.isolir_pending === true,
    isolir_pending: row.isolir_pending === true,
    pppoe_username: row.pppoe_username!,
    phone: mask(row.phone),
    address: mask(row.address),
    pii_masked: masked,
    location: row.lat !== null && row.lng !== null ? { lat: Number(row.lat), lng: Number(row.lng) } : null,
    odp_name: row.odp_name,
  };
  if (!row.router_id) {
    return { ticket_id: row.ticket_id, state: 'no_router', checked_at: checkedAt, customer, router: null, session: null, secret: null };
  }
  const live = await askRouter(tx, services, tenantId, row.router_id, customer.pppoe_username);
  const router: NonNullable<TicketLine['router']> = {
    id: row.router_id,
    name: row.router_name!,
    status: row.router_status!,
    last_seen_at: iso(row.last_seen_at),
    last_sync_at: iso(row.last_sync_at),
    reachable: live.reachable,
    error: live.reachable ? null : live.error,
  };
  const sessions = live.reachable ? live.sessions : [];
  const first = sessions[0];
  return {
    ticket_id: row.ticket_id,
    state: lineState({ hasCustomer: true, hasRouter: true, reachable: live.reachable, sessions: sessions.length }),
    checked_at: checkedAt,
    customer,
    router,
    session: first ? { address: first.address, uptime: first.uptime, caller_id: first.callerId } : null,
    secret: live.reachable && live.secret !== undefined ? lineSecretState(live.secret, await isolirPolicy(tx)) : null,
  };
}
