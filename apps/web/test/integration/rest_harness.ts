/**
 * The REST layer in-process, for the integration tests that speak HTTP to /api/v1: a
 * fresh database of the test's own with the demo seed (two ISPs, Sinar Net and
 * Parahyangan Link, a user per role), the real Redis (REDIS_URL: RESP in-process), the
 * route handler of apps/web (/api/v1/[...trpc]) as a fetch, and the served OpenAPI
 * document. Every answer `call` returns has been checked against the document
 * (tests/openapi_validator.ts): a body that does not match throws.
 *
 *   const h = await startRestHarness();
 *   const owner = await h.login('owner@sinarnet.demo');
 *   const list = await h.call('GET', '/customers/customers?limit=5', { token: owner });
 *   await h.close();
 *
 * One harness per test file (it sets the web config through process.env, which the
 * integration layer's forks keep per file).
 */
import postgres from 'postgres';
import { createRouterSimulator } from '@rrnet/routeros/simulator';
import type { RouterSimulator } from '@rrnet/routeros/simulator';
import { ConfigKeyProvider, SecretBox, generateKeySpec } from '@rrnet/crypto';
import { seedDemo } from '@rrnet/db/seed';
import { createTestDatabase } from '@rrnet/db/testing';
import type { TestDatabase } from '@rrnet/db/testing';
import type * as RestRoute from '~/app/api/v1/[...trpc]/route';
import type * as OpenApiRoute from '~/app/api/v1/openapi.json/route';
import { assertMatchesOpenApi } from '../../../../tests/openapi_validator';
import { TEST_PG_URL, TEST_REDIS_URL } from '../../../../tests/services';

export const PUBLIC_URL = 'https://rrnet.test';
export const PASSWORD = 'rrnet-demo-2026';
export const AUTH_SECRET = 'test-secret-0123456789-0123456789-abcdef';

export type Json = Record<string, unknown>;

export interface Answer {
  status: number;
  body: Json;
  headers: Headers;
  /** the operation the document matched, or null when not validated */
  operation: string | null;
}

/** The envelope's data of a successful answer (a 4xx/5xx throws with its body, so a test fails where it went wrong). */
export function dataOf<T = Json>(answer: { status: number; body: Json }): T {
  if (answer.status < 200 || answer.status >= 300) throw new Error(`${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body.data as T;
}

export interface CallOptions {
  token?: string;
  body?: unknown;
  /** sent as the body as it is (malformed JSON, another content type) */
  raw?: string;
  headers?: Record<string, string>;
  /** false: do not check the answer against the document (an undocumented path) */
  validate?: boolean;
}

export interface RestHarness {
  db: TestDatabase;
  /** the migrating superuser: reads and checksums any tenant's rows, past RLS */
  admin: postgres.Sql;
  /** the served /api/v1/openapi.json */
  doc: Json;
  /** the encryption keys the server's SecretBox uses (to store a tenant's gateway key) */
  secretBox: SecretBox;
  /** the REST handler as a fetch: what a client on the network would reach */
  serve(req: Request): Promise<Response>;
  /** one REST call; the answer must match the document for its operation and status */
  call(method: string, path: string, options?: CallOptions): Promise<Answer>;
  /** signs in with the demo password; returns the access token */
  login(email: string): Promise<string>;
  /** signs in; returns the whole token pair */
  loginPair(email: string): Promise<{ access_token: string; refresh_token: string; tenant_id: string | null }>;
  /** with simulateRouters: the seeded routers' addresses set back to their simulators */
  pointRoutersAtSimulator(): Promise<void>;
  close(): Promise<void>;
}

export interface RestHarnessOptions {
  /**
   * Multiplies every request rate limit (the web config's RATE_LIMIT_SCALE); suites that
   * are not about rate limits pass a large one so their volume is never refused for it.
   */
  rateLimitScale?: number;
  /**
   * Every seeded router (both ISPs) pointed at a RouterOS simulator of the harness's own,
   * so operations that talk to a router get an answer instead of a timeout.
   */
  simulateRouters?: boolean;
  /**
   * The admission gate's bounds (API_MAX_IN_FLIGHT, API_MAX_QUEUED, API_QUEUE_TIMEOUT_MS).
   * By default wide: the suites that are not about overload (contract, attack, fuzz) fire
   * bursts the gate would otherwise answer with 503; admission_gate_rest.test.ts sets small ones.
   */
  admission?: { maxInFlight: number; maxQueued: number; queueTimeoutMs: number };
}

export async function startRestHarness(options: RestHarnessOptions = {}): Promise<RestHarness> {
  const db = await createTestDatabase(TEST_PG_URL);
  const keys = generateKeySpec();
  const secretBox = new SecretBox(new ConfigKeyProvider(keys));
  await seedDemo({ appUrl: db.appUrl, systemUrl: db.systemUrl, secretBox });
  Object.assign(process.env, {
    NODE_ENV: 'test',
    LOG_LEVEL: 'error',
    APP_DATABASE_URL: db.appUrl,
    SYSTEM_DATABASE_URL: db.systemUrl,
    AUTH_SECRET,
    REDIS_URL: TEST_REDIS_URL,
    ENCRYPTION_KEYS: keys,
    PUBLIC_URL,
    RATE_LIMIT_SCALE: String(options.rateLimitScale ?? 1),
    API_MAX_IN_FLIGHT: String(options.admission?.maxInFlight ?? 10_000),
    API_MAX_QUEUED: String(options.admission?.maxQueued ?? 0),
    API_QUEUE_TIMEOUT_MS: String(options.admission?.queueTimeoutMs ?? 1000),
    // this run's own rate-limit windows in the shared Redis
    REDIS_KEY_PREFIX: `test-${db.name
      .slice(-24)
      .toLowerCase()
      .replace(/[^a-z0-9_-]/g, '')}`,
  });
  const rest: typeof RestRoute = await import('~/app/api/v1/[...trpc]/route');
  const openapi: typeof OpenApiRoute = await import('~/app/api/v1/openapi.json/route');
  const doc = (await openapi.GET().json()) as Json;
  const admin = postgres(db.adminUrl, { max: 2, onnotice: () => {} });
  let simulator: RouterSimulator | undefined;
  const seededRouters = (await admin<{ id: string }[]>`SELECT id FROM tenant_routers ORDER BY tenant_id, name`).map((r) => r.id);
  const pointRoutersAtSimulator = async () => {
    if (!simulator) return;
    for (const [i, id] of seededRouters.entries()) {
      await admin`UPDATE tenant_routers SET host = '127.0.0.1', port = ${simulator.routers[i]!.port}, use_tls = false WHERE id = ${id}`;
    }
  };
  if (options.simulateRouters) {
    simulator = await createRouterSimulator({ ports: seededRouters.map(() => 0) });
    await pointRoutersAtSimulator();
  }

  const serve = (req: Request): Promise<Response> => {
    const handler = {
      GET: rest.GET,
      // Next.js answers HEAD with the GET handler (autoImplementMethods)
      HEAD: rest.GET,
      POST: rest.POST,
      PUT: rest.PUT,
      PATCH: rest.PATCH,
      DELETE: rest.DELETE,
    }[req.method];
    if (!handler) throw new Error(`no handler for ${req.method}`);
    return handler(req);
  };

  const call = async (method: string, path: string, o: CallOptions = {}): Promise<Answer> => {
    const headers = new Headers(o.headers);
    if (o.token) headers.set('authorization', `Bearer ${o.token}`);
    if ((o.body !== undefined || o.raw !== undefined) && !headers.has('content-type')) {
      headers.set('content-type', 'application/json');
    }
    const req = new Request(`${PUBLIC_URL}/api/v1${path}`, {
      method,
      headers,
      body: o.raw ?? (o.body === undefined ? undefined : JSON.stringify(o.body)),
    });
    const res = await serve(req);
    const body = (await res.json()) as Json;
    const operation =
      o.validate === false
        ? null
        : assertMatchesOpenApi(doc, {
            method,
            url: req.url,
            status: res.status,
            body,
            headers: res.headers,
          });
    return { status: res.status, body, headers: res.headers, operation };
  };

  const loginPair = async (email: string) => {
    const res = await call('POST', '/auth/login', { body: { email, password: PASSWORD } });
    if (res.status !== 200) throw new Error(`login ${email}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.data as { access_token: string; refresh_token: string; tenant_id: string | null };
  };

  return {
    db,
    admin,
    doc,
    secretBox,
    serve,
    call,
    loginPair,
    pointRoutersAtSimulator,
    login: async (email) => (await loginPair(email)).access_token,
    close: async () => {
      const { services } = await import('~/server/services');
      await services().sql.end();
      await services().systemSql.end();
      await admin.end();
      await simulator?.close();
      await db.drop();
    },
  };
}
