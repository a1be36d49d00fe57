/**
 * Runs simulated MikroTik routers as a process, for the demo and for e2e:
 *   node --import tsx packages/routeros/src/sim_cli.ts --base-port 8728 --count 20 [--latency 0] [--host 127.0.0.1]
 * Env fallbacks: ROUTER_SIM_BASE_PORT, ROUTER_SIM_COUNT, ROUTER_SIM_LATENCY_MS, ROUTER_SIM_HOST
 * (flags win). Prints one JSON line when ready:
 *   {"event":"router_simulator_ready","host":"127.0.0.1","ports":[8728,…]}
 * The default of 6 routers from 8728 covers the demo seed (3 tenants × 2 routers).
 */
import { parseArgs } from 'node:util';
import { createRouterSimulator } from './simulator';

const SIM_DEFAULT_BASE_PORT = 8728;
const SIM_DEFAULT_COUNT = 6;

// a dev/test tool: its configuration is its flags and these variables
// eslint-disable-next-line no-restricted-properties
const env = process.env;

function fail(message: string): never {
  process.stderr.write(`router simulator: ${message}\n`);
  process.exit(1);
}

function integer(
  name: string,
  value: string | undefined,
  fallback: number,
  min: number,
  max: number,
): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max)
    fail(`${name} must be an integer in [${min}, ${max}], got "${value}"`);
  return n;
}

let parsed;
try {
  parsed = parseArgs({
    options: {
      'base-port': { type: 'string' },
      count: { type: 'string' },
      latency: { type: 'string' },
      host: { type: 'string' },
    },
    strict: true,
  }).values;
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}

const host = parsed.host ?? env.ROUTER_SIM_HOST ?? '127.0.0.1';
const count = integer('--count', parsed.count ?? env.ROUTER_SIM_COUNT, SIM_DEFAULT_COUNT, 1, 1000);
const basePort = integer(
  '--base-port',
  parsed['base-port'] ?? env.ROUTER_SIM_BASE_PORT,
  SIM_DEFAULT_BASE_PORT,
  0,
  65535,
);
const latencyMs = integer('--latency', parsed.latency ?? env.ROUTER_SIM_LATENCY_MS, 0, 0, 600_000);
if (basePort !== 0 && basePort + count - 1 > 65535) fail('--base-port + --count exceeds 65535');

let simulator;
try {
  simulator = await createRouterSimulator({
    host,
    count,
    latencyMs,
    ...(basePort === 0 ? {} : { basePort }),
  });
} catch (error) {
  const code = (error as NodeJS.ErrnoException).code;
  fail(
    code === 'EADDRINUSE'
      ? (error as Error).message.replace(/^router simulator: /, '')
      : String(error),
  );
}

const sim = simulator;
process.stdout.write(
  `${JSON.stringify({ event: 'router_simulator_ready', host, ports: sim.routers.map((r) => r.port) })}\n`,
);

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  void sim.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
