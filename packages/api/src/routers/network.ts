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
      .meta({ permission: 'network.routers.read', feature: 'network', openapi: { method: 'GET', path: '/network/routers', tags } })
      .input(noInput)
      .output(z.array(routerSchema))
      .query(({ ctx }) => listRouters(ctx.tx)),
    get: tenantProcedure
      .meta({ permission: 'network.routers.read', feature: 'network', openapi: { method: 'GET', path: '/network/routers/{id}', tags } })
      .input(idInput)
      .output(routerDetailSchema)
      .query(({ ctx, input }) => getRouter(ctx.tx, ctx.services.network, ctx.tenant.tenant_id, input.id)),
    create: tenantProcedure
      .meta({ permission: 'network.routers.manage', feature: 'network', limit: 'routers', openapi: { method: 'POST', path: '/network/routers', tags } })
      .input(routerCreateInput)
      .output(routerSchema)
      .mutation(({ ctx, input }) => createRouter(ctx.tx, ctx.services.network, ctx.tenant.tenant_id, input)),
    update: tenantProcedure
      .meta({ permission: 'network.routers.manage', feature: 'network', openapi: { method: 'PATCH', path: '/network/routers/{id}', tags } })
      .input(routerUpdateInput)
      .output(routerSchema)
      .mutation(({ ctx, input }) => updateRouter(ctx.tx, ctx.services.network, ctx.tenant.tenant_id, input)),
    remove: tenantProcedure
      .meta({ permission: 'network.routers.manage', feature: 'network', openapi: { method: 'DELETE', path: '/network/routers/{id}', tags } })
      .input(idInput)
      .output(z.object({ id: z.string().uuid() }))
      .mutation(({ ctx, input }) => removeRouter(ctx.tx, input.id)),
    sync: tenantProcedure
      .meta({ permission: 'network.routers.sync', feature: 'network', openapi: { method: 'POST', path: '/network/routers/{id}/sync', tags } })
      .input(routerSyncInput)
      .output(jobQueuedSchema)
      .mutation(({ ctx, input }) => queueRouterSync(ctx.tx, ctx.tenant.tenant_id, input)),
    sessions: tenantProcedure
      .meta({ permission: 'network.routers.read', feature: 'network', openapi: { method: 'GET', path: '/network/routers/{id}/sessions', tags } })
      .input(idInput)
      .output(z.array(routerSessionSchema))
      .query(({ ctx, input }) => listRouterSessions(ctx.tx, ctx.services.network, ctx.tenant.tenant_id, input.id)),
    kick: tenantProcedure
      .meta({ permission: 'network.routers.manage', feature: 'network', openapi: { method: 'POST', path: '/network/routers/{id}/kick', tags } })
      .input(routerKickInput)
      .output(z.object({ kicked: z.number().int() }))
      .mutation(({ ctx, input }) => kickSession(ctx.tx, ctx.services.network, ctx.tenant.tenant_id, input)),
    // tunnel mode (routers behind NAT): the commands hold the router's WireGuard private key, hence manage
    tunnel: tenantProcedure
      .meta({ permission: 'network.routers.manage', feature: 'network', openapi: { method: 'GET', path: '/network/routers/{id}/tunnel', tags } })
      .input(idInput)
      .output(routerTunnelSchema)
      .query(({ ctx, input }) => getRouterTunnel(ctx.tx, ctx.services.network, ctx.tenant.tenant_id, input.id)),
    enableTunnel: tenantProcedure
      .meta({ permission: 'network.routers.manage', feature: 'network', openapi: { method: 'POST', path: '/network/routers/{id}/tunnel', tags } })
      .input(idInput)
      .output(routerTunnelSchema)
      .mutation(({ ctx, input }) => enableRouterTunnel(ctx.tx, ctx.services.network, ctx.tenant.tenant_id, input.id)),
    disableTunnel: tenantProcedure
      .meta({ permission: 'network.routers.manage', feature: 'network', openapi: { method: 'DELETE', path: '/network/routers/{id}/tunnel', tags } })
      .input(idInput)
      .output(z.object({ id: z.string().uuid(), enabled: z.literal(false) }))
      .mutation(({ ctx, input }) => disableRouterTunnel(ctx.tx, ctx.services.network, ctx.tenant.tenant_id, input.id)),
  }),

  topology: createTRPCRouter({
    list: tenantProcedure
      .meta({ permission: 'network.topology.read', feature: 'network', openapi: { method: 'GET', path: '/network/topology', tags } })
      .input(noInput)
      .output(z.array(topologyNodeSchema))
      .query(({ ctx }) => listNodes(ctx.tx)),
    create: tenantProcedure
      .meta({ permission: 'network.topology.manage', feature: 'network', openapi: { method: 'POST', path: '/network/topology', tags } })
      .input(topologyNodeCreateInput)
      .output(topologyNodeSchema)
      .mutation(({ ctx, input }) => createNode(ctx.tx, ctx.services.network, ctx.tenant.tenant_id, input)),
    update: tenantProcedure
      .meta({ permission: 'network.topology.manage', feature: 'network', openapi: { method: 'PATCH', path: '/network/topology/{id}', tags } })
      .input(topologyNodeUpdateInput)
      .output(topologyNodeSchema)
      .mutation(({ ctx, input }) => updateNode(ctx.tx, ctx.services.network, ctx.tenant.tenant_id, input)),
    remove: tenantProcedure
      .meta({ permission: 'network.topology.manage', feature: 'network', openapi: { method: 'DELETE', path: '/network/topology/{id}', tags } })
      .input(idInput)
      .output(z.object({ id: z.string().uuid() }))
      .mutation(({ ctx, input }) => removeNode(ctx.tx, ctx.services.network, ctx.tenant.tenant_id, input.id)),
  }),
});
