/**
 * A real notifications stack for tests: a seeded database, Redis through the Upstash
 * bridge (the `wa_messages` limiter), the WhatsApp simulator with the demo ISPs'
 * accounts, and a webhook server speaking for RRNet's webhook routes (the same core
 * function, raw body and headers), so status callbacks travel over HTTP as in production.
 */
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import postgres from 'postgres';
import { createRateLimiters, createRedis, createUpstashBridge } from '@rrnet/cache';
import type { RateLimitPolicy, UpstashBridge } from '@rrnet/cache';
import { ConfigKeyProvider, SecretBox, generateKeySpec } from '@rrnet/crypto';
import { createDatabase, withTenant } from '@rrnet/db';
import type { TenantTx } from '@rrnet/db';
import { seedDemo } from '@rrnet/db/seed';
import { createTestDatabase } from '@rrnet/db/testing';
import type { TestDatabase } from '@rrnet/db/testing';
import { createLogger } from '@rrnet/logger';
import { GatewayBreakers } from '@rrnet/whatsapp';
import type { GatewayBreakerOptions } from '@rrnet/whatsapp';
import { DEMO_WA_GATEWAYS, simAccountFor } from '@rrnet/whatsapp/demo';
import { createWhatsAppSimulator } from '@rrnet/whatsapp/simulator';
import type { WhatsAppSimulator } from '@rrnet/whatsapp/simulator';
import { RATE_LIMIT_POLICY } from '@rrnet/cache';
import { drainOutbox } from '../../src/notifications/sender';
import type { DrainResult } from '../../src/notifications/sender';
import type { NotificationServices } from '../../src/notifications/services';
import { receiveWaWebhook } from '../../src/notifications/webhooks';
import { TEST_PG_URL, TEST_REDIS_URL } from '../../../../tests/services';

export interface WaHarness {
  db: TestDatabase;
  admin: postgres.Sql;
  app: ReturnType<typeof createDatabase>;
  sys: ReturnType<typeof createDatabase>;
  sim: WhatsAppSimulator;
  webhookUrl: string;
  tenantA: string;
  tenantB: string;
  services: NotificationServices;
  inTenant: <T>(tenantId: string, fn: (tx: TenantTx) => Promise<T>) => Promise<T>;
  drain: (tenantId: string) => Promise<DrainResult>;
  /** fresh breakers (and options) for the next test */
  resetBreakers: (options?: GatewayBreakerOptions) => void;
  close: () => Promise<void>;
}

/** `redisUrl`: the limiter's Redis over RESP (REDIS_URL) instead of through the bridge to the shared Redis. */
export async function startWaHarness(options: { policy?: RateLimitPolicy; redisUrl?: string } = {}): Promise<WaHarness> {
  const db = await createTestDatabase(TEST_PG_URL);
  const secretBox = new SecretBox(new ConfigKeyProvider(generateKeySpec()));
  const seed = await seedDemo({ appUrl: db.appUrl, systemUrl: db.systemUrl, secretBox });
  const admin = postgres(db.adminUrl, { max: 2, onnotice: () => {} });
  const app = createDatabase(db.appUrl, { max: 8 });
  const sys = createDatabase(db.systemUrl, { max: 2 });
  const token = `bridge-${randomUUID()}`;
  const bridge: UpstashBridge | null = options.redisUrl ? null : await createUpstashBridge({ redisUrl: TEST_REDIS_URL, token });
  const redis = bridge ? createRedis({ url: bridge.url, token }) : createRedis({ redisUrl: options.redisUrl! });
  const logger = createLogger({ service: 'test', level: 'silent' });
  const services: NotificationServices = {
    secretBox,
    limiter: createRateLimiters(redis, `test:${randomUUID().slice(0, 8)}:rl`, options.policy ?? RATE_LIMIT_POLICY).wa_messages,
    breakers: new GatewayBreakers(),
    endpoints: { timeoutMs: 2000 },
    platformDefault: null,
    logger,
  };
  const deps = { appSql: app.sql, systemSql: sys.sql, services };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const m = /^\/(cloud|fonnte)\/([a-z0-9-]+)$/.exec(url.pathname);
      if (!m) return void res.writeHead(404).end();
      receiveWaWebhook(deps, m[1] as 'cloud' | 'fonnte', m[2]!, {
        rawBody: Buffer.concat(chunks).toString('utf8'),
        signature: (req.headers['x-hub-signature-256'] as string | undefined) ?? null,
        query: url.searchParams,
      }).then(
        (r) => res.writeHead(r.status === 'rejected' ? (r.error_code === 'FORBIDDEN' ? 403 : 400) : r.retry ? 409 : 200, { 'content-type': 'application/json' }).end(JSON.stringify(r)),
        (err: unknown) => res.writeHead(500).end(String(err)),
      );
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const webhookUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // the demo accounts, their callbacks to our webhook server instead of a web app
  const accounts = Object.entries(DEMO_WA_GATEWAYS).flatMap(([slug, g]) =>
    [g.primary, ...(g.fallback ? [g.fallback] : [])].map((gw) => {
      const a = simAccountFor(gw, slug, 'http://placeholder');
      const path = new URL(a.callback_url!);
      return { ...a, callback_url: `${webhookUrl}/${gw.kind}/${slug}${path.search}` };
    }),
  );
  const sim = await createWhatsAppSimulator({ accounts, callbacks: { delayMs: 5 } });
  services.endpoints = { cloudBaseUrl: sim.url, fonnteBaseUrl: sim.url, timeoutMs: 2000 };
  const inTenant = <T>(tenantId: string, fn: (tx: TenantTx) => Promise<T>) => withTenant(app.sql, { tenantId }, fn);
  return {
    db,
    admin,
    app,
    sys,
    sim,
    webhookUrl,
    tenantA: seed.tenants[0]!.id,
    tenantB: seed.tenants[1]!.id,
    services,
    inTenant,
    drain: (tenantId) => drainOutbox((fn) => inTenant(tenantId, fn), services, tenantId),
    resetBreakers: (o) => {
      services.breakers = new GatewayBreakers(o);
    },
    close: async () => {
      await sim.close();
      await new Promise<void>((r) => server.close(() => r()));
      await bridge?.close();
      await app.close();
      await sys.close();
      await admin.end();
      await db.drop();
    },
  };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function until(check: () => Promise<boolean>, timeoutMs: number, stepMs = 50): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await sleep(stepMs);
  }
  throw new Error('timed out');
}

/** n distinct valid Indonesian mobile numbers. */
export function phones(n: number, prefix = 812): string[] {
  return Array.from({ length: n }, (_, i) => `+62${prefix}${String(10_000_000 + i).slice(-8)}`);
}
