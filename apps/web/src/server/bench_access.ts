/**
 * The bench routes (/api/v1/bench/*: the same SQL as an API route with no authentication,
 * the baselines of bench/api) answer only when BENCH_ROUTES=true AND the request carries
 * the run's BENCH_TOKEN in `x-bench-token` (the config refuses one without the other);
 * anything else is 404, as if they did not exist.
 */
import 'server-only';
import { webConfig } from '~/config';
import { sameSecret } from './metrics_access';

export function benchAccess(input: { enabled: boolean; token: string | undefined; presented: string | null }): boolean {
  if (!input.enabled || !input.token) return false;
  return sameSecret(input.presented ?? '', input.token);
}

export function benchAllowed(req: Request): boolean {
  const config = webConfig();
  return benchAccess({ enabled: config.BENCH_ROUTES, token: config.BENCH_TOKEN, presented: req.headers.get('x-bench-token') });
}
