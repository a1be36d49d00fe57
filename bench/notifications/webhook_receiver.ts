/**
 * bench/notifications' status webhook receiver, in its own process as the web app is in
 * production (the worker sends, the web app takes the gateway's status callbacks): RRNet's
 * receiveWaWebhook behind a plain HTTP server. Every ISP of the benchmark sends through the
 * platform's one Cloud API account, so the simulator posts every status to this one URL;
 * the ISP is found by the message id in the callback data (read once, at start).
 *
 * Environment: RECEIVER_APP_URL, RECEIVER_SYSTEM_URL, RECEIVER_ADMIN_URL (the id → ISP map),
 * RECEIVER_KEY_SPEC (the benchmark's SecretBox key), RECEIVER_GATEWAY (the platform's
 * gateway, JSON). Prints {"event":"webhook_receiver_ready","url":…} when listening.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import postgres from 'postgres';
import { receiveWaWebhook } from '@rrnet/core/notifications/webhooks';
import { ConfigKeyProvider, SecretBox } from '@rrnet/crypto';
import { createDatabase } from '@rrnet/db';
import type { GatewayCredentials } from '@rrnet/whatsapp';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
}

const app = createDatabase(required('RECEIVER_APP_URL'), { max: 8 });
const system = createDatabase(required('RECEIVER_SYSTEM_URL'), { max: 2 });
const admin = postgres(required('RECEIVER_ADMIN_URL'), { max: 1, onnotice: () => {} });
const rows = await admin<{ id: string; slug: string }[]>`
  SELECT m.id, t.slug FROM tenant_wa_messages m JOIN saas_tenants t ON t.id = m.tenant_id WHERE m.dedupe_key LIKE 'bench:%' OR m.dedupe_key LIKE 'warm:%'`;
await admin.end();
const slugOf = new Map(rows.map((r) => [r.id, r.slug]));

const deps = {
  appSql: app.sql,
  systemSql: system.sql,
  services: { secretBox: new SecretBox(new ConfigKeyProvider(required('RECEIVER_KEY_SPEC'))), platformDefault: JSON.parse(required('RECEIVER_GATEWAY')) as GatewayCredentials },
};
const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const raw = Buffer.concat(chunks).toString('utf8');
    const cb = /"biz_opaque_callback_data":"([0-9a-f-]{36})"/.exec(raw)?.[1];
    const slug = cb ? slugOf.get(cb) : undefined;
    if (!slug) return void res.writeHead(404).end();
    receiveWaWebhook(deps, 'cloud', slug, { rawBody: raw, signature: (req.headers['x-hub-signature-256'] as string) ?? null, query: new URLSearchParams() }).then(
      () => res.writeHead(200).end(),
      () => res.writeHead(500).end(),
    );
  });
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
process.stdout.write(`${JSON.stringify({ event: 'webhook_receiver_ready', url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` })}\n`);
process.on('SIGTERM', () => {
  server.close();
  void Promise.all([app.close(), system.close()]).then(() => process.exit(0));
});
