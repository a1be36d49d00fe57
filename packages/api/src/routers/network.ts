/** network: routers (status, drift, sync), live PPPoE sessions, topology. */
import { z } from 'zod';
import {
  idInput,
  jobQueuedSchema,
  routerCreateInput,
  routerDetailSchema,
  routerKickInput,
  routerSchema,
  routerSessionSchema,
  routerSyncInput,
  routerTunnelSchema,
  routerUpdateInput,
  topologyNodeCreateInput,
  topologyNodeSchema,
  topologyNodeUpdateInput,
} from '@rrnet/contracts';
import { createRouter, getRouter, kickSession, listRouterSessions, listRouters, queueRouterSync, removeRouter, updateRouter } from '@rrnet/core/network/routers';
import { createNode, listNodes, removeNode, updateNode } from '@rrnet/core/network/topology';
import { disableRouterTunnel, enableRouterTunnel, getRouterTunnel } from '@rrnet/core/network/tunnels';
import { createTRPCRouter, tenantProcedure } from '../procedures';

const noInput = z.strictObject({}).optional();
const tags = ['network'];

export const networkRouter = createTRPCRouter({
  routers: createTRPCRouter({
    list: tenantProcedure
      .meta({ permission: 'network.routers.read', feature: 'network', openapi: { method: 'GET', path: '/network/routers', tags, summary: 'List routers', description: 'The ISP\'s MikroTik routers: address, RouterOS identity and version, last known status, secret and active-session counts, customers; never the password.' } })
      .input(noInput)
      .output(z.array(routerSchema))
      .query(({ ctx }) => listRouters(ctx.tx)),
    get: tenantProcedure
      .meta({ permission: 'network.routers.read', feature: 'network', openapi: { method: 'GET', path: '/network/routers/{id}', tags, summary: 'Get a router with its drift', description: 'The router with its latest status (read live over the RouterOS API when it answers), the PPPoE secret drift found by the last sync, and the state of its connection breaker.' } })
      .input(idInput)
      .output(routerDetailSchema)
      .query(({ ctx, input }) => getRouter(ctx.tx, ctx.services.network, ctx.tenant.tenant_id, input.id)),
    create: tenantProcedure
      .meta({ permission: 'network.routers.manage', feature: 'network', limit: 'routers', openapi: { method: 'POST', path: '/network/routers', tags, summary: 'Add a router', description: 'Registers a MikroTik router; its API password is stored encrypted. Counts against the plan\'s router limit; a name already in use is 409.' } })
      .input(routerCreateInput)
      .output(routerSchema)
      .mutation(({ ctx, input }) => createRouter(ctx.tx, ctx.services.network, ctx.tenant.tenant_id, input)),
    update: tenantProcedure
      .meta({ permission: 'network.routers.manage', feature: 'network', openapi: { method: 'PATCH', path: '/network/routers/{id}', tags, summary: 'Update a router', description: 'Changes name, address, port, TLS or credentials (a new password replaces the stored one); a name already in use is 409.' } })
      .input(routerUpdateInput)
      .output(routerSchema)
      .mutation(({ ctx, input }) => updateRouter(ctx.tx, ctx.services.network, ctx.tenant.tenant_id, input)),
    remove: tenantProcedure
      .meta({ permission: 'network.routers.manage', feature: 'network', openapi: { method: 'DELETE', path: '/network/routers/{id}', tags, summary: 'Remove a router', description: 'Deletes a router no customer still uses (terminated customers aside); 409 while customers are on it. Nodes and history keep no link to it.' } })
      .input(idInput)
      .output(z.object({ id: z.string().uuid() }))
      .mutation(({ ctx, input }) => removeRouter(ctx.tx, input.id)),
    sync: tenantProcedure
      .meta({ permission: 'network.routers.sync', feature: 'network', openapi: { method: 'POST', path: '/network/routers/{id}/sync', tags, summary: 'Queue a PPPoE sync', description: 'Queues a background job that compares the router\'s PPPoE secrets with the customers assigned to it; with `apply: true` it also fixes the drift (creates, updates, disables or removes secrets). Returns the job id.' } })
      .input(routerSyncInput)
      .output(jobQueuedSchema)
      .mutation(({ ctx, input }) => queueRouterSync(ctx.tx, ctx.tenant.tenant_id, input)),
    sessions: tenantProcedure
      .meta({ permission: 'network.routers.read', feature: 'network', openapi: { method: 'GET', path: '/network/routers/{id}/sessions', tags, summary: 'List live PPPoE sessions', description: 'The router\'s active PPPoE connections (user, address, uptime), read live over the RouterOS API. An unreachable router is 503.' } })
      .input(idInput)
      .output(z.array(routerSessionSchema))
      .query(({ ctx, input }) => listRouterSessions(ctx.tx, ctx.services.network, ctx.tenant.tenant_id, input.id)),
    kick: tenantProcedure
      .meta({ permission: 'network.routers.manage', feature: 'network', openapi: { method: 'POST', path: '/network/routers/{id}/kick', tags, summary: 'Disconnect a PPPoE session', description: 'Drops the active connection of one PPPoE user on the router, so it reconnects with its current profile; returns how many sessions were removed. Audited; an unreachable router is 503.' } })
      .input(routerKickInput)
      .output(z.object({ kicked: z.number().int() }))
      .mutation(({ ctx, input }) => kickSession(ctx.tx, ctx.services.network, ctx.tenant.tenant_id, input)),
    // tunnel mode (routers behind NAT): the commands hold the router's WireGuard private key, hence manage
    tunnel: tenantProcedure
      .meta({ permission: 'network.routers.manage', feature: 'network', openapi: { method: 'GET', path: '/network/routers/{id}/tunnel', tags, summary: 'Get a router\'s tunnel', description: 'Tunnel mode for a router behind NAT: its WireGuard address in the ISP\'s block, the RouterOS v7 commands to paste (they hold the router\'s private key, hence network.routers.manage) and reachability from the last handshake. FEATURE_DISABLED when the platform has no tunnel endpoint configured.' } })
      .input(idInput)
      .output(routerTunnelSchema)
      .query(({ ctx, input }) => getRouterTunnel(ctx.tx, ctx.services.network, ctx.tenant.tenant_id, input.id)),
    enableTunnel: tenantProcedure
      .meta({ permission: 'network.routers.manage', feature: 'network', openapi: { method: 'POST', path: '/network/routers/{id}/tunnel', tags, summary: 'Put a router in tunnel mode', description: 'Provisions a WireGuard peer for the router (keys, private key encrypted at rest, an address from the ISP\'s block); RRNet then reaches its REST API through the tunnel. Idempotent for a router already in tunnel mode; FEATURE_DISABLED without a configured endpoint.' }, errors: ['CONFLICT'] })
      .input(idInput)
      .output(routerTunnelSchema)
      .mutation(({ ctx, input }) => enableRouterTunnel(ctx.tx, ctx.services.network, ctx.tenant.tenant_id, input.id)),
    disableTunnel: tenantProcedure
      .meta({ permission: 'network.routers.manage', feature: 'network', openapi: { method: 'DELETE', path: '/network/routers/{id}/tunnel', tags, summary: 'Take a router out of tunnel mode', description: 'Removes the router\'s WireGuard peer and keys; RRNet reaches the router at its own address again. The endpoint drops the peer at its next sync.' } })
      .input(idInput)
      .output(z.object({ id: z.string().uuid(), enabled: z.literal(false) }))
      .mutation(({ ctx, input }) => disableRouterTunnel(ctx.tx, ctx.services.network, ctx.tenant.tenant_id, input.id)),
  }),

  topology: createTRPCRouter({
    list: tenantProcedure
      .meta({ permission: 'network.topology.read', feature: 'network', openapi: { method: 'GET', path: '/network/topology', tags, summary: 'List topology nodes', description: 'The OLTs, ODCs and ODPs of the ISP\'s access network with parent, router, location, capacity and use.' } })
      .input(noInput)
      .output(z.array(topologyNodeSchema))
      .query(({ ctx }) => listNodes(ctx.tx)),
    create: tenantProcedure
      .meta({ permission: 'network.topology.manage', feature: 'network', openapi: { method: 'POST', path: '/network/topology', tags, summary: 'Add a topology node', description: 'Creates an OLT, ODC or ODP; an invalid parent or router link is 400, a name already in use 409.' } })
      .input(topologyNodeCreateInput)
      .output(topologyNodeSchema)
      .mutation(({ ctx, input }) => createNode(ctx.tx, ctx.services.network, ctx.tenant.tenant_id, input)),
    update: tenantProcedure
      .meta({ permission: 'network.topology.manage', feature: 'network', openapi: { method: 'PATCH', path: '/network/topology/{id}', tags, summary: 'Update a topology node', description: 'Changes a node\'s name, parent, router, location or capacity; links that break the OLT → ODC → ODP order are 400.' } })
      .input(topologyNodeUpdateInput)
      .output(topologyNodeSchema)
      .mutation(({ ctx, input }) => updateNode(ctx.tx, ctx.services.network, ctx.tenant.tenant_id, input)),
    remove: tenantProcedure
      .meta({ permission: 'network.topology.manage', feature: 'network', openapi: { method: 'DELETE', path: '/network/topology/{id}', tags, summary: 'Remove a topology node', description: 'Deletes a node with no nodes below it and, for an ODP, no connected customers (409 otherwise).' } })
      .input(idInput)
      .output(z.object({ id: z.string().uuid() }))
      .mutation(({ ctx, input }) => removeNode(ctx.tx, ctx.services.network, ctx.tenant.tenant_id, input.id)),
  }),
});
