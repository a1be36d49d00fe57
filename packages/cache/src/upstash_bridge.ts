/**
 * A local Upstash-REST bridge: speaks the HTTP protocol of @upstash/redis
 * (`POST /` one command, `/pipeline`, `/multi-exec`; Bearer token;
 * `Upstash-Encoding: base64` results) and forwards to a real Redis over RESP.
 * Production talks to Upstash itself; dev, tests and CI talk to this bridge, so the
 * application code path (HTTP client, encoding, Lua scripts) is the same everywhere.
 *
 * Lua: @upstash/ratelimit's scripts start with `#!lua flags=allow-key-locking`, which
 * Redis < 7.4 rejects. The bridge drops the unknown flags before Redis sees the script
 * and answers with the hash the client computed, so EVALSHA keeps working.
 */
import { timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { InternalTls } from '@rrnet/config/internal_tls';
import { mtlsServerOptions } from '@rrnet/config/internal_tls';
import { ScriptTranslator, commandName } from './lua_scripts';
import { failFastRedis } from './redis_ready';
import type { Command } from './lua_scripts';

export { rewriteScript } from './lua_scripts';

export interface UpstashBridgeOptions {
  redisUrl: string;
  token: string;
  host?: string;
  port?: number;
  /** mTLS: HTTPS, and only clients with a certificate from this CA get past the handshake */
  tls?: InternalTls | null;
}

export interface UpstashBridge {
  url: string;
  server: Server;
  close: () => Promise<void>;
}

type Result = { result: unknown } | { error: string };

function encodeBase64(value: unknown): unknown {
  if (typeof value === 'string') return Buffer.from(value, 'utf8').toString('base64');
  if (Array.isArray(value)) return value.map(encodeBase64);
  return value;
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text.length ? JSON.parse(text) : null;
}

function isCommand(value: unknown): value is Command {
  return (
    Array.isArray(value) &&
    value.length > 0 &&
    value.every((v) => typeof v === 'string' || typeof v === 'number')
  );
}

export function createUpstashBridge(options: UpstashBridgeOptions): Promise<UpstashBridge> {
  // fails fast while Redis is down; a moment for a connect in progress (redis_ready.ts)
  const { redis, ready } = failFastRedis(options.redisUrl, { commandTimeoutMs: 2000 });
  const scripts = new ScriptTranslator();
  const expected = Buffer.from(`Bearer ${options.token}`);
  const translate = (command: Command) => scripts.translate(command);

  async function run(command: Command): Promise<Result> {
    try {
      await ready();
      const [cmd, ...args] = translate(command);
      const result = await redis.call(commandName(cmd), ...args.map(String));
      return { result: ScriptTranslator.answer(command, result) };
    } catch (err) {
      return { error: err instanceof Error ? err.message : String(err) };
    }
  }

  async function runMulti(commands: Command[]): Promise<Result[]> {
    await ready();
    const multi = redis.multi();
    for (const command of commands) {
      const [cmd, ...args] = translate(command);
      multi.call(commandName(cmd), ...args.map(String));
    }
    const replies = (await multi.exec()) ?? [];
    return replies.map(([err, result]) =>
      err ? { error: err.message } : { result: result === undefined ? null : result },
    );
  }

  function send(res: ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  }

  const handler = (req: IncomingMessage, res: ServerResponse) => {
    void (async () => {
      const auth = Buffer.from(req.headers.authorization ?? '');
      if (auth.length !== expected.length || !timingSafeEqual(auth, expected)) {
        return send(res, 401, { error: 'Unauthorized' });
      }
      if (req.method !== 'POST') return send(res, 405, { error: 'Method not allowed' });
      const base64 = String(req.headers['upstash-encoding'] ?? '').toLowerCase() === 'base64';
      const encode = (r: Result): Result =>
        base64 && 'result' in r ? { result: encodeBase64(r.result) } : r;
      let body: unknown;
      try {
        body = await readBody(req);
      } catch {
        return send(res, 400, { error: 'Body is not valid JSON' });
      }
      const path = (req.url ?? '/').split('?')[0];
      if (path === '/pipeline' || path === '/multi-exec') {
        if (!Array.isArray(body) || !body.every(isCommand)) {
          return send(res, 400, { error: 'Body must be an array of commands' });
        }
        const results =
          path === '/multi-exec' ? await runMulti(body) : await Promise.all(body.map(run));
        return send(res, 200, results.map(encode));
      }
      if (!isCommand(body)) return send(res, 400, { error: 'Body must be a command array' });
      const result = await run(body);
      return send(res, 'error' in result ? 400 : 200, encode(result));
    })().catch((err: unknown) => {
      send(res, 500, { error: err instanceof Error ? err.message : 'bridge error' });
    });
  };
  const server: Server = options.tls ? createHttpsServer(mtlsServerOptions(options.tls), handler) : createServer(handler);

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      const { address, port } = server.address() as AddressInfo;
      resolve({
        url: `${options.tls ? 'https' : 'http'}://${address.includes(':') ? `[${address}]` : address}:${port}`,
        server,
        close: async () => {
          await new Promise<void>((r) => server.close(() => r()));
          redis.disconnect();
        },
      });
    });
  });
}
