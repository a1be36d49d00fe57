/**
 * Runs simulated MikroTik routers as a process, for the demo and for e2e:
 *   node --import tsx packages/routeros/src/sim_cli.ts --base-port 8728 --count 20 [--latency 0] [--host 127.0.0.1]
 * Env fallbacks: ROUTER_SIM_BASE_PORT, ROUTER_SIM_COUNT, ROUTER_SIM_LATENCY_MS, ROUTER_SIM_HOST
 * (flags win; see config.ts). Prints one JSON line when ready:
 *   {"event":"router_simulator_ready","host":"127.0.0.1","ports":[8728,…]}
 * The default of 6 routers from 8728 covers the demo seed (3 tenants × 2 routers).
 */
import { parseArgs } from 'node:util';
import { simulatorConfig } from './config';
import { createRouterSimulator } from './simulator';

function fail(message: string): never {
  process.stderr.write(`router simulator: ${message}\n`);
  process.exit(1);
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

let config;
try {
  config = simulatorConfig(parsed);
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}
const host = config.ROUTER_SIM_HOST;
const count = config.ROUTER_SIM_COUNT;
const basePort = config.ROUTER_SIM_BASE_PORT;
const latencyMs = config.ROUTER_SIM_LATENCY_MS;

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
