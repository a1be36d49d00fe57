/**
 * The RouterOS simulator CLI's configuration: ROUTER_SIM_* from the environment, each
 * overridable by its flag (--host, --count, --base-port, --latency). The default of 6
 * routers from 8728 covers the demo seed.
 */
import { loadConfig } from '@rrnet/config';
import { z } from 'zod';

const SIMULATOR_ENV = z.object({
  ROUTER_SIM_HOST: z.string().min(1).default('127.0.0.1'),
  ROUTER_SIM_COUNT: z.coerce.number().int().min(1).max(1000).default(6),
  /** 0: ephemeral ports */
  ROUTER_SIM_BASE_PORT: z.coerce.number().int().min(0).max(65535).default(8728),
  ROUTER_SIM_LATENCY_MS: z.coerce.number().int().min(0).max(600_000).default(0),
});

export type SimulatorFlags = Partial<Record<'host' | 'count' | 'base-port' | 'latency', string>>;

export function simulatorConfig(flags: SimulatorFlags) {
  const env = loadConfig('router-simulator', SIMULATOR_ENV);
  const config = loadConfig('router-simulator', SIMULATOR_ENV, {
    ROUTER_SIM_HOST: flags.host ?? env.ROUTER_SIM_HOST,
    ROUTER_SIM_COUNT: flags.count ?? String(env.ROUTER_SIM_COUNT),
    ROUTER_SIM_BASE_PORT: flags['base-port'] ?? String(env.ROUTER_SIM_BASE_PORT),
    ROUTER_SIM_LATENCY_MS: flags.latency ?? String(env.ROUTER_SIM_LATENCY_MS),
  });
  if (config.ROUTER_SIM_BASE_PORT !== 0 && config.ROUTER_SIM_BASE_PORT + config.ROUTER_SIM_COUNT - 1 > 65535) {
    throw new Error('--base-port + --count exceeds 65535');
  }
  return config;
}
