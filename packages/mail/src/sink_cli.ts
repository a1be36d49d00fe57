/**
 * Runs the SMTP sink as a process, for `npm start` and the e2e server:
 *   node --import tsx packages/mail/src/sink_cli.ts --smtp-port 8792 --http-port 8793 [--host 127.0.0.1] [--user u --password p]
 * Prints one JSON line when ready: {"event":"smtp_sink_ready","smtp_url":"smtp://127.0.0.1:8792","url":"http://127.0.0.1:8793"}
 */
import { parseArgs } from 'node:util';
import { startSmtpSink } from './smtp_sink';

function fail(message: string): never {
  process.stderr.write(`smtp sink: ${message}\n`);
  process.exit(1);
}

let values;
try {
  values = parseArgs({
    options: { 'smtp-port': { type: 'string' }, 'http-port': { type: 'string' }, host: { type: 'string' }, user: { type: 'string' }, password: { type: 'string' } },
    strict: true,
  }).values;
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}
const smtpPort = Number(values['smtp-port'] ?? 8792);
const httpPort = Number(values['http-port'] ?? 8793);
for (const p of [smtpPort, httpPort]) if (!Number.isInteger(p) || p < 0 || p > 65535) fail(`bad port ${p}`);
if ((values.user === undefined) !== (values.password === undefined)) fail('--user and --password go together');
try {
  const sink = await startSmtpSink({
    host: values.host ?? '127.0.0.1',
    smtpPort,
    httpPort,
    ...(values.user !== undefined && values.password !== undefined ? { credentials: { user: values.user, password: values.password } } : {}),
  });
  process.stdout.write(`${JSON.stringify({ event: 'smtp_sink_ready', smtp_url: sink.smtpUrl, url: sink.url })}\n`);
  const stop = () => void sink.close().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
} catch (error) {
  fail(String(error));
}
