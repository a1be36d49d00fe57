/**
 * Runs the Xendit Invoice API simulator as a process, for the demo and e2e:
 *   node --import tsx packages/payments/src/xendit_sim_cli.ts --port 8791 [--host 127.0.0.1] [--demo-web-url http://localhost:3000] [--accounts '<json>']
 * `--demo-web-url` adds the demo ISPs' accounts, their callbacks sent to that web app;
 * `--accounts` is a JSON array of XenditSimAccount.
 * Prints one JSON line when ready: {"event":"xendit_simulator_ready","url":"http://127.0.0.1:8791"}
 */
import { parseArgs } from 'node:util';
import { demoXenditSimAccounts } from './xendit_demo';
import { createXenditSimulator } from './xendit_simulator';
import type { XenditSimAccount } from './xendit_simulator';

function fail(message: string): never {
  process.stderr.write(`xendit simulator: ${message}\n`);
  process.exit(1);
}

let values;
try {
  values = parseArgs({ options: { port: { type: 'string' }, host: { type: 'string' }, accounts: { type: 'string' }, 'demo-web-url': { type: 'string' } }, strict: true }).values;
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}
const port = Number(values.port ?? 8791);
if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`bad --port ${values.port}`);
let accounts: XenditSimAccount[] = [];
try {
  accounts = values.accounts ? (JSON.parse(values.accounts) as XenditSimAccount[]) : [];
} catch {
  fail('--accounts is not JSON');
}
if (values['demo-web-url']) accounts.push(...demoXenditSimAccounts(values['demo-web-url']));
try {
  const sim = await createXenditSimulator({ host: values.host ?? '127.0.0.1', port, accounts });
  process.stdout.write(`${JSON.stringify({ event: 'xendit_simulator_ready', url: sim.url })}\n`);
  const stop = () => void sim.close().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
} catch (error) {
  fail(String(error));
}
