/**
 * Runs the Midtrans simulator (Snap, the pay page, Core API status) as a process, for the demo and e2e:
 *   node --import tsx packages/payments/src/midtrans_sim_cli.ts --port 8792 [--host 127.0.0.1] [--demo-web-url http://localhost:3000] [--accounts '<json>']
 * With `--demo-web-url` and PLATFORM_MIDTRANS_SERVER_KEY in the environment (never on the command
 * line) it knows the platform's own account, its notifications sent to that web app;
 * `--accounts` is a JSON array of MidtransSimAccount (ISPs' accounts).
 * Prints one JSON line when ready: {"event":"midtrans_simulator_ready","url":"http://127.0.0.1:8792"}
 */
import { parseArgs } from 'node:util';
import { platformMidtransSimAccount } from './midtrans_demo';
import { createMidtransSimulator } from './midtrans_simulator';
import type { MidtransSimAccount } from './midtrans_simulator';

function fail(message: string): never {
  process.stderr.write(`midtrans simulator: ${message}\n`);
  process.exit(1);
}

let values;
try {
  values = parseArgs({ options: { port: { type: 'string' }, host: { type: 'string' }, accounts: { type: 'string' }, 'demo-web-url': { type: 'string' } }, strict: true }).values;
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}
const port = Number(values.port ?? 8792);
if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`bad --port ${values.port}`);
let accounts: MidtransSimAccount[] = [];
try {
  accounts = values.accounts ? (JSON.parse(values.accounts) as MidtransSimAccount[]) : [];
} catch {
  fail('--accounts is not JSON');
}
const platformKey = process.env.PLATFORM_MIDTRANS_SERVER_KEY;
if (values['demo-web-url'] && platformKey) accounts.push(platformMidtransSimAccount(values['demo-web-url'], platformKey));
try {
  const sim = await createMidtransSimulator({ host: values.host ?? '127.0.0.1', port, accounts });
  process.stdout.write(`${JSON.stringify({ event: 'midtrans_simulator_ready', url: sim.url, accounts: accounts.length })}\n`);
  const stop = () => void sim.close().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
} catch (error) {
  fail(String(error));
}
