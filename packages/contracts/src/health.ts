/** Readiness report shared by the health endpoint, the tRPC procedure and the web shell. */
import { z } from 'zod';

export const HEALTH_COMPONENTS = ['postgres', 'redis', 'worker'] as const;
export type HealthComponent = (typeof HEALTH_COMPONENTS)[number];

export const componentCheckSchema = z.object({
  ok: z.boolean(),
  latency_ms: z.number(),
  detail: z.string(),
});
export type ComponentCheck = z.infer<typeof componentCheckSchema>;

export const readinessSchema = z.object({
  ready: z.boolean(),
  checks: z.object({
    postgres: componentCheckSchema,
    redis: componentCheckSchema,
    worker: componentCheckSchema,
  }),
  failed: z.array(z.enum(HEALTH_COMPONENTS)),
});
export type Readiness = z.infer<typeof readinessSchema>;
