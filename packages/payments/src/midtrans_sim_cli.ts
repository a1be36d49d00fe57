/**
 * Runs the Midtrans simulator (Snap, the pay page, Core API status) as a process, for the demo and e2e:
 *   node --import tsx packages/payments/src/midtrans_sim_cli.ts --port 8792 [--host 127.0.0.1] [--accounts-file <path>] [--accounts '<json>']
 * `--accounts-file` (a JSON array of MidtransSimAccount, e.g. the platform's own account written
 * 0600 by scripts/lib/stack.mjs: server keys never on the command line) and `--accounts` (the
 * same, inline: test keys) are the merchant accounts it knows.
 * Prints one JSON line when ready: {"event":"midtrans_simulator_ready","url":"http://127.0.0.1:8792"}
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createMidtransSimulator } from './midtrans_simulator';
import type { MidtransSimAccount } from './midtrans_simulator';

function fail(message: string): never {
  process.stderr.write(`midtrans simulator: ${message}\n`);
  process.exit(1);
}

let values;
try {
  values = parseArgs({ options: { port: { type: 'string' }, host: { type: 'string' }, accounts: { type: 'string' }, 'accounts-file': { type: 'string' } }, strict: true }).values;
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}
const port = Number(values.port ?? 8792);
if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`bad --port ${values.port}`);
const accounts: MidtransSimAccount[] = [];
try {
  if (values['accounts-file']) accounts.push(...(JSON.parse(readFileSync(values['accounts-file'], 'utf8')) as MidtransSimAccount[]));
} catch (error) {
  fail(`--accounts-file: ${(error as Error).message}`);
}
try {
  if (values.accounts) accounts.push(...(JSON.parse(values.accounts) as MidtransSimAccount[]));
} catch {
  fail('--accounts is not JSON');
}
try {
  const sim = await createMidtransSimulator({ host: values.host ?? '127.0.0.1', port, accounts });
  process.stdout.write(`${JSON.stringify({ event: 'midtrans_simulator_ready', url: sim.url, accounts: accounts.length })}\n`);
  const stop = () => void sim.close().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
} catch (error) {
  fail(String(error));
}
