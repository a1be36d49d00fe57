/** maps: what the map shows inside a bounding box or around a point. */
import { z } from 'zod';
import { MAP_FEATURE_KINDS } from './constants';
import { FIELD_MESSAGES } from './field_messages';

export { MAP_FEATURE_KINDS };
export type MapFeatureKind = (typeof MAP_FEATURE_KINDS)[number];

/** At most this many features per answer (the map asks again when zoomed in). */
export const MAP_FEATURE_LIMIT = 5_000;

const lat = z.coerce.number().min(-90).max(90);
const lng = z.coerce.number().min(-180).max(180);

/** Flat, so it travels as GET query parameters. */
export const mapBboxInput = z
  .strictObject({ min_lat: lat, min_lng: lng, max_lat: lat, max_lng: lng })
  .refine((b) => b.min_lat <= b.max_lat && b.min_lng <= b.max_lng, { message: FIELD_MESSAGES.bounds_order, path: ['max_lat'] });
export type MapBbox = z.infer<typeof mapBboxInput>;

export const mapRadiusInput = z.strictObject({
  lat,
  lng,
  radius_m: z.coerce.number().positive().max(50_000),
});
export type MapRadius = z.infer<typeof mapRadiusInput>;

export const mapFeatureSchema = z.object({
  kind: z.enum(MAP_FEATURE_KINDS),
  id: z.string().uuid(),
  name: z.string(),
  lat: z.number(),
  lng: z.number(),
  /** router: online/offline/unknown; customer: active/isolated/suspended/terminated */
  status: z.string().nullable(),
  /** radius queries: metres from the centre */
  distance_m: z.number().optional(),
});
export type MapFeature = z.infer<typeof mapFeatureSchema>;

export const mapFeaturesSchema = z.object({
  features: z.array(mapFeatureSchema),
  truncated: z.boolean(),
  /** where the tenant's things are: the map's first view */
  center: z.object({ lat: z.number(), lng: z.number() }).nullable(),
});
export type MapFeatures = z.infer<typeof mapFeaturesSchema>;
