/** maps: routers, topology nodes and customers in a bounding box or a radius (cached 5 min). */
import { mapBboxInput, mapFeaturesSchema, mapRadiusInput } from '@rrnet/contracts';
import { featuresInBbox, featuresInRadius } from '@rrnet/core/maps/features';
import { createTRPCRouter, tenantProcedure } from '../procedures';

const tags = ['maps'];

export const mapsRouter = createTRPCRouter({
  features: tenantProcedure
    .meta({ permission: 'maps.map.read', feature: 'maps', openapi: { method: 'GET', path: '/maps/features', tags } })
    .input(mapBboxInput)
    .output(mapFeaturesSchema)
    .query(({ ctx, input }) => featuresInBbox(ctx.tx, ctx.services.network, ctx.tenant.tenant_id, input)),
  nearby: tenantProcedure
    .meta({ permission: 'maps.map.read', feature: 'maps', openapi: { method: 'GET', path: '/maps/nearby', tags } })
    .input(mapRadiusInput)
    .output(mapFeaturesSchema)
    .query(({ ctx, input }) => featuresInRadius(ctx.tx, ctx.services.network, ctx.tenant.tenant_id, input)),
});
