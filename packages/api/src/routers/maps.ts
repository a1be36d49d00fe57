/** maps: routers, topology nodes and customers in a bounding box or a radius (cached 5 min). */
import { mapBboxInput, mapFeaturesSchema, mapRadiusInput } from '@rrnet/contracts';
import { featuresInBbox, featuresInRadius } from '@rrnet/core/maps/features';
import { createTRPCRouter, tenantProcedure } from '../procedures';

const tags = ['maps'];

export const mapsRouter = createTRPCRouter({
  features: tenantProcedure
    .meta({ permission: 'maps.map.read', feature: 'maps', openapi: { method: 'GET', path: '/maps/features', tags, summary: 'Map features in a bounding box', description: 'Routers, topology nodes and customers located inside the box (cached 5 minutes per ISP and area).' } })
    .input(mapBboxInput)
    .output(mapFeaturesSchema)
    .query(({ ctx, input }) => featuresInBbox(ctx.tx, ctx.services.network, ctx.tenant.tenant_id, input)),
  nearby: tenantProcedure
    .meta({ permission: 'maps.map.read', feature: 'maps', openapi: { method: 'GET', path: '/maps/nearby', tags, summary: 'Map features within a radius', description: 'Routers, topology nodes and customers within `radius_m` metres (at most 50 km) of a point, nearest first.' } })
    .input(mapRadiusInput)
    .output(mapFeaturesSchema)
    .query(({ ctx, input }) => featuresInRadius(ctx.tx, ctx.services.network, ctx.tenant.tenant_id, input)),
});
