#!/usr/bin/env node
/**
 * The server Playwright starts for the e2e layer: a fresh database on the test
 * PostgreSQL, the production build and worker on their own ports (Redis over RESP). The database
 * is dropped when Playwright stops the server.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { ensureDatabase } from './lib/backends.mjs';
import { startStack } from './lib/stack.mjs';
import { startTileServer } from './lib/tile_server.mjs';
import { ensurePnpm } from './lib/toolchain.mjs';

const serverUrl = process.env.RRNET_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const name = `rrnet_e2e_${randomBytes(4).toString('hex')}`;
const adminUrl = await ensureDatabase(serverUrl, name);
// the map's tiles from a self-hosted tile server (OpenStreetMap is not reachable from CI)
const tiles = await startTileServer(Number(process.env.E2E_TILE_PORT ?? 18799));
// the platform's WireGuard endpoint as the web sees it (routers behind NAT): its public key
// and address, so that operators can turn a router's tunnel on and get the commands to
// paste. No endpoint runs (TUNNEL_PRIVATE_KEY unset): the worker's namespace test
// (apps/worker/test/integration/router_tunnel.test.ts) covers the tunnel itself.
const tunnelPublicKey = generateKeyPairSync('x25519').publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('base64');

async function dropDatabase() {
  const sql = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    await sql.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await sql.end();
  }
}

await startStack({
  pnpm: ensurePnpm(),
  mode: 'production',
  // E2E_SKIP_BUILD=1: serve the build already in apps/web/.next (iterating on specs)
  build: process.env.E2E_SKIP_BUILD !== '1',
  env: {
    ...process.env,
    DATABASE_URL: adminUrl,
    REDIS_URL: process.env.RRNET_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
    LOG_LEVEL: 'warn',
    // no schedules: the tests run the sweep and syncs themselves, at a known moment
    WORKER_CRON: 'false',
    // its own simulated routers (the demo tenants' and 16 spare ones for the tests)
    ROUTER_SIM_BASE_PORT: process.env.E2E_ROUTER_SIM_BASE_PORT ?? '18728',
    // and its own WhatsApp gateway simulator
    WA_SIM_PORT: process.env.E2E_WA_SIM_PORT ?? '18790',
    // and its own Xendit simulator
    XENDIT_SIM_PORT: process.env.E2E_XENDIT_SIM_PORT ?? '18791',
    // and its own Midtrans simulator (the platform's account: SaaS invoices paid through Snap)
    MIDTRANS_SIM_PORT: process.env.E2E_MIDTRANS_SIM_PORT ?? '18792',
    // and its own SMTP sink (sign-up codes by e-mail), its HTTP API on the next port
    SMTP_SINK_PORT: process.env.E2E_SMTP_PORT ?? '18793',
    SMTP_SINK_HTTP_PORT: String(Number(process.env.E2E_SMTP_PORT ?? '18793') + 1),
    // read by the build (the CSP's img-src) and by the map page
    MAP_TILE_URL: tiles.url,
    MAP_TILE_ATTRIBUTION: 'RRNet e2e tiles',
    TUNNEL_ENDPOINT: 'vpn.e2e.invalid:51820',
    TUNNEL_PUBLIC_KEY: tunnelPublicKey,
    // its own rate-limit and sign-in-guard keys: runs never count against each other
    REDIS_KEY_PREFIX: `rrnet-e2e-${randomBytes(4).toString('hex')}`,
    // The specs drive one demo ISP far faster than its staff would: the whole run shares
    // the tenant's 1000 requests/hour and the owner's 100/minute, and once crossed them
    // (a customer page answered 429 mid-spec). Limits stay on at 10× the spec's; the
    // spec's own numbers and the 429 answer are tested in packages/api rate_limits.test.ts.
    RATE_LIMIT_SCALE: process.env.RATE_LIMIT_SCALE ?? '10',
  },
  port: Number(process.env.E2E_PORT ?? 3100),
  onStop: async () => {
    await tiles.close();
    await dropDatabase();
  },
});
