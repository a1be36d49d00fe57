/**
 * MikroTik routers without hardware: real HTTP servers, one per port, each speaking the
 * RouterOS v7 REST API (sim_state.ts) over its own in-memory state. RRNet's demo, tests
 * and e2e run against these. Beyond REST, each router can be slowed down, broken
 * (500s, hangs, dropped connections, 401s), made strict about credentials, reset, and
 * stopped/started (stopped = connection refused), in-process through `SimRouter` or
 * from another process through `/_sim/*` on the router's own port (no auth):
 *   GET /_sim/state    the router's state as JSON
 *   POST /_sim/config  {latency_ms?, failure?: {mode, remaining?} | null, credentials?: {username, password} | null}
 *   POST /_sim/reset   back to the initial state and configuration
 * Any Basic credentials are accepted unless `credentials` is set (demo routers have
 * random passwords), but the Authorization header is always required.
 */
import { createServer as createHttpServer, STATUS_CODES } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { timingSafeEqual } from 'node:crypto';
import { createSimState, handleRest } from './sim_state';
import type { SimResult, SimRouterState } from './sim_state';

export { ISOLIR_PROFILE, SIM_BOARD_NAME, SIM_ROUTEROS_VERSION } from './sim_state';
export type { SimActiveSession, SimProfile, SimRouterState } from './sim_state';

export type SimFailureMode = 'error500' | 'hang' | 'drop' | 'auth';

export interface SimFailure {
  mode: SimFailureMode;
  /** how many REST requests fail; then the router recovers. Omitted: until cleared */
  remaining?: number;
}

export interface SimCredentials {
  username: string;
  password: string;
}

export interface SimRouterConfig {
  latencyMs: number;
  failure: SimFailure | null;
  /** null: any Basic credentials pass */
  credentials: SimCredentials | null;
}

export type SimRouterConfigPatch = Partial<SimRouterConfig>;

export interface RouterSimulatorOptions {
  host?: string;
  /** explicit ports; 0 = ephemeral. Wins over count/basePort */
  ports?: number[];
  /** number of routers when `ports` is not given; default 1 */
  count?: number;
  /** with `count`: routers listen on basePort, basePort + 1, …; default ephemeral ports */
  basePort?: number;
  latencyMs?: number;
  /** enabled secrets get an active session, as if the CPE dialled in; default true */
  autoDial?: boolean;
  /** serve HTTPS with this key and certificate instead of HTTP */
  tls?: { key: string | Buffer; cert: string | Buffer };
}

export interface SimRouter {
  readonly index: number;
  readonly port: number;
  /** e.g. http://127.0.0.1:8728 (the REST API is under /rest) */
  readonly url: string;
  /** live state; `reset()` replaces the object, so read it again afterwards */
  readonly state: SimRouterState;
  readonly config: SimRouterConfig;
  readonly running: boolean;
  configure(patch: SimRouterConfigPatch): SimRouterConfig;
  /** initial state (no secrets, default profiles) and initial configuration */
  reset(): void;
  /** closes the port: clients get ECONNREFUSED */
  stop(): Promise<void>;
  /** listens again on the same port */
  start(): Promise<void>;
}

export interface RouterSimulator {
  routers: SimRouter[];
  router(port: number): SimRouter;
  close(): Promise<void>;
}

const FAILURE_MODES: SimFailureMode[] = ['error500', 'hang', 'drop', 'auth'];
const MAX_BODY_BYTES = 1_000_000;

class SimRouterServer implements SimRouter {
  readonly index: number;
  port: number;
  state: SimRouterState;
  config: SimRouterConfig;
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();

  constructor(
    index: number,
    port: number,
    private readonly host: string,
    private readonly options: RouterSimulatorOptions,
  ) {
    this.index = index;
    this.port = port;
    this.state = createSimState(index, Date.now());
    this.config = this.initialConfig();
  }

  get url(): string {
    const host = this.host.includes(':') ? `[${this.host}]` : this.host;
    return `${this.options.tls ? 'https' : 'http'}://${host}:${this.port}`;
  }

  get running(): boolean {
    return this.server !== null;
  }

  configure(patch: SimRouterConfigPatch): SimRouterConfig {
    if (patch.latencyMs !== undefined) this.config.latencyMs = Math.max(0, patch.latencyMs);
    if (patch.failure !== undefined)
      this.config.failure = patch.failure ? { ...patch.failure } : null;
    if (patch.credentials !== undefined) {
      this.config.credentials = patch.credentials ? { ...patch.credentials } : null;
    }
    return this.config;
  }

  reset(): void {
    this.state = createSimState(this.index, Date.now());
    this.config = this.initialConfig();
  }

  async start(): Promise<void> {
    if (this.server) return;
    const handler = (req: IncomingMessage, res: ServerResponse) => {
      this.handle(req, res).catch(() => {
        if (!res.headersSent) send(res, 500, { detail: 'simulator error' });
        else res.destroy();
      });
    };
    const server = this.options.tls
      ? createHttpsServer({ key: this.options.tls.key, cert: this.options.tls.cert }, handler)
      : createHttpServer(handler);
    server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      const onError = (error: NodeJS.ErrnoException) => {
        server.off('listening', onListening);
        if (error.code === 'EADDRINUSE') {
          error.message = `router simulator: port ${this.port} on ${this.host} is already in use`;
        }
        reject(error);
      };
      const onListening = () => {
        server.off('error', onError);
        resolve();
      };
      server.once('error', onError);
      server.once('listening', onListening);
      server.listen(this.port, this.host);
    });
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = null;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    await closed;
  }

  private initialConfig(): SimRouterConfig {
    return { latencyMs: this.options.latencyMs ?? 0, failure: null, credentials: null };
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://router');
    const text = await readBody(req);
    if (url.pathname.startsWith('/_sim/'))
      return this.control(req.method ?? 'GET', url.pathname, text, res);

    this.state.requests++;
    if (this.config.latencyMs > 0) await sleep(this.config.latencyMs);
    if (!this.server) return void res.destroy();

    switch (this.takeFailure()) {
      case 'error500':
        return send(res, 500, { detail: 'simulated failure' });
      case 'hang':
        return; // never answers; stop() or the client's timeout ends it
      case 'drop':
        return void req.socket.destroy();
      case 'auth':
        return unauthorized(res);
      default:
    }
    if (!this.authorized(req.headers.authorization)) return unauthorized(res);
    if (!url.pathname.startsWith('/rest/')) return send(res, 404, { detail: 'not found' });

    let body: unknown;
    if (text !== '') {
      try {
        body = JSON.parse(text);
      } catch {
        return send(res, 400, { detail: 'JSON parse error' });
      }
    }
    const ctx = {
      state: this.state,
      index: this.index,
      autoDial: this.options.autoDial ?? true,
      now: Date.now(),
    };
    const result: SimResult = handleRest(
      ctx,
      req.method ?? 'GET',
      url.pathname.slice('/rest/'.length),
      url.searchParams,
      body,
    );
    send(res, result.status, result.body);
  }

  private takeFailure(): SimFailureMode | null {
    const failure = this.config.failure;
    if (!failure) return null;
    if (failure.remaining !== undefined) {
      if (failure.remaining <= 0) {
        this.config.failure = null;
        return null;
      }
      failure.remaining--;
      if (failure.remaining === 0) this.config.failure = null;
    }
    return failure.mode;
  }

  private authorized(header: string | undefined): boolean {
    const match = /^Basic\s+(\S+)$/i.exec(header ?? '');
    if (!match?.[1]) return false;
    const decoded = Buffer.from(match[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return false;
    const expected = this.config.credentials;
    if (!expected) return true;
    return (
      safeEqual(decoded.slice(0, colon), expected.username) &&
      safeEqual(decoded.slice(colon + 1), expected.password)
    );
  }

  private control(method: string, path: string, text: string, res: ServerResponse): void {
    if (path === '/_sim/state' && method === 'GET') {
      return sendJson(res, 200, {
        port: this.port,
        url: this.url,
        config: configToWire(this.config),
        state: this.state,
      });
    }
    if (path === '/_sim/reset' && method === 'POST') {
      this.reset();
      return sendJson(res, 200, { ok: true });
    }
    if (path === '/_sim/config' && method === 'POST') {
      let patch: SimRouterConfigPatch;
      try {
        patch = configFromWire(text === '' ? {} : (JSON.parse(text) as unknown));
      } catch (error) {
        return sendJson(res, 400, {
          error: error instanceof Error ? error.message : 'invalid config',
        });
      }
      return sendJson(res, 200, configToWire(this.configure(patch)));
    }
    sendJson(res, 404, { error: `unknown control endpoint ${method} ${path}` });
  }
}

/** Starts the routers; rejects (closing those already started) if a port is taken. */
export async function createRouterSimulator(
  options: RouterSimulatorOptions = {},
): Promise<RouterSimulator> {
  const host = options.host ?? '127.0.0.1';
  const count = options.count ?? 1;
  const ports =
    options.ports ??
    Array.from({ length: count }, (_, i) =>
      options.basePort === undefined ? 0 : options.basePort + i,
    );
  const routers = ports.map((port, i) => new SimRouterServer(i, port, host, options));
  const close = async () => {
    await Promise.all(routers.map((r) => r.stop()));
  };
  try {
    for (const router of routers) await router.start();
  } catch (error) {
    await close();
    throw error;
  }
  return {
    routers,
    router(port: number) {
      const found = routers.find((r) => r.port === port);
      if (!found) throw new Error(`router simulator: no router on port ${port}`);
      return found;
    },
    close,
  };
}

// ── helpers ──

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new Error('body too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

/** RouterOS REST responses; errors as {"error":404,"message":"Not Found","detail":"…"}. */
function send(res: ServerResponse, status: number, body?: unknown): void {
  if (status === 204 || body === undefined) {
    res.writeHead(status);
    res.end();
    return;
  }
  if (status >= 400) {
    const detail = (body as { detail?: string }).detail;
    return sendJson(res, status, {
      error: status,
      message: STATUS_CODES[status] ?? 'Error',
      ...(detail ? { detail } : {}),
    });
  }
  sendJson(res, status, body);
}

function unauthorized(res: ServerResponse): void {
  res.setHeader('www-authenticate', 'Basic realm="RouterOS"');
  sendJson(res, 401, { error: 401, message: 'Unauthorized' });
}

function configToWire(config: SimRouterConfig) {
  return {
    latency_ms: config.latencyMs,
    failure: config.failure,
    // the password stays out of the state dump
    credentials: config.credentials ? { username: config.credentials.username } : null,
  };
}

function configFromWire(input: unknown): SimRouterConfigPatch {
  if (typeof input !== 'object' || input === null) throw new Error('config must be a JSON object');
  const raw = input as { latency_ms?: unknown; failure?: unknown; credentials?: unknown };
  const patch: SimRouterConfigPatch = {};
  if (raw.latency_ms !== undefined) {
    if (typeof raw.latency_ms !== 'number' || raw.latency_ms < 0)
      throw new Error('latency_ms must be a number ≥ 0');
    patch.latencyMs = raw.latency_ms;
  }
  if (raw.failure !== undefined) {
    if (raw.failure === null) patch.failure = null;
    else {
      const f = raw.failure as { mode?: unknown; remaining?: unknown };
      if (!FAILURE_MODES.includes(f.mode as SimFailureMode)) {
        throw new Error(`failure.mode must be one of ${FAILURE_MODES.join(', ')}`);
      }
      if (f.remaining !== undefined && (typeof f.remaining !== 'number' || f.remaining < 1)) {
        throw new Error('failure.remaining must be a number ≥ 1');
      }
      patch.failure = {
        mode: f.mode as SimFailureMode,
        ...(f.remaining !== undefined ? { remaining: f.remaining as number } : {}),
      };
    }
  }
  if (raw.credentials !== undefined) {
    if (raw.credentials === null) patch.credentials = null;
    else {
      const c = raw.credentials as { username?: unknown; password?: unknown };
      if (typeof c.username !== 'string' || typeof c.password !== 'string') {
        throw new Error('credentials need username and password strings');
      }
      patch.credentials = { username: c.username, password: c.password };
    }
  }
  return patch;
}
