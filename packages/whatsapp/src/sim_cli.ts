/**
 * Runs the WhatsApp gateway simulator as a process, for the demo and the benchmark:
 *   node --import tsx packages/whatsapp/src/sim_cli.ts --port 8790 [--latency 0] [--host 127.0.0.1] [--accounts '<json>'] [--demo-web-url http://localhost:3000]
 * `--accounts` is a JSON array of SimAccount (where each account's status callbacks go);
 * `--demo-web-url` adds the demo ISPs' accounts, their callbacks sent to that web app.
 * Prints one JSON line when ready: {"event":"whatsapp_simulator_ready","url":"http://127.0.0.1:8790"}
 */
import { parseArgs } from 'node:util';
import { demoSimAccounts } from './demo_accounts';
import { createWhatsAppSimulator } from './simulator';
import type { SimAccount } from './simulator';

function fail(message: string): never {
  process.stderr.write(`whatsapp simulator: ${message}\n`);
  process.exit(1);
}

let values;
try {
  values = parseArgs({
    options: { port: { type: 'string' }, latency: { type: 'string' }, host: { type: 'string' }, accounts: { type: 'string' }, 'demo-web-url': { type: 'string' } },
    strict: true,
  }).values;
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}
const port = Number(values.port ?? 8790);
const latencyMs = Number(values.latency ?? 0);
if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`bad --port ${values.port}`);
if (!Number.isFinite(latencyMs) || latencyMs < 0) fail(`bad --latency ${values.latency}`);
let accounts: SimAccount[] = [];
try {
  accounts = values.accounts ? (JSON.parse(values.accounts) as SimAccount[]) : [];
} catch {
  fail('--accounts is not JSON');
}
if (values['demo-web-url']) accounts.push(...demoSimAccounts(values['demo-web-url']));
try {
  const sim = await createWhatsAppSimulator({ host: values.host ?? '127.0.0.1', port, latencyMs, accounts });
  process.stdout.write(`${JSON.stringify({ event: 'whatsapp_simulator_ready', url: sim.url })}\n`);
  const stop = () => void sim.close().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
} catch (error) {
  fail(String(error));
}
