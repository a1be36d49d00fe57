/**
 * A `Requester` for @upstash/redis that speaks RESP to a real Redis in-process
 * (ioredis): the app keeps `@upstash/redis` and `@upstash/ratelimit` exactly as with
 * Upstash, without an HTTP round trip, a JSON/base64 encode-decode and a bridge process
 * per command. It answers the three request shapes of the library's HttpClient — one
 * command (`POST /`), `pipeline` and `multi-exec` — with what the HTTP client would
 * return after decoding (`{result}` / `{error}`; a single command's error is thrown as
 * the HttpClient throws it), and rewrites @upstash/ratelimit's script shebangs like the
 * bridge does (`lua_scripts.ts`). Commands issued in the same tick are written to the
 * socket together (ioredis auto-pipelining, on top of the library's own).
 */
import type { Redis as IORedis } from 'ioredis';
import type { Requester, UpstashRequest, UpstashResponse } from '@upstash/redis';
import { errors } from '@upstash/redis';
import { ScriptTranslator, commandName } from './lua_scripts';
import { failFastRedis } from './redis_ready';
import type { Command } from './lua_scripts';

type Reply = UpstashResponse<unknown>;

/**
 * How long a Redis command may take before it fails (Redis unavailable): the callers'
 * fallbacks (rate limits fail open, caches read Postgres) start after this.
 */
export const REDIS_COMMAND_TIMEOUT_MS = 1000;

function isCommand(value: unknown): value is Command {
  return (
    Array.isArray(value) &&
    value.length > 0 &&
    value.every((v) => typeof v === 'string' || typeof v === 'number')
  );
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export class RespRequester implements Requester {
  private readonly redis: IORedis;
  private readonly scripts = new ScriptTranslator();
  /** a moment for a connect in progress, shared by the commands that arrive meanwhile (redis_ready.ts) */
  private readonly ready: () => Promise<void>;

  constructor(redisUrl: string, options: { commandTimeoutMs?: number } = {}) {
    // fails fast while Redis is down, as the bridge does (redis_ready.ts)
    const connection = failFastRedis(redisUrl, { commandTimeoutMs: options.commandTimeoutMs ?? REDIS_COMMAND_TIMEOUT_MS, autoPipelining: true });
    this.redis = connection.redis;
    this.ready = connection.ready;
  }

  /**
   * One command. Written with `then` rather than async/await: every rate-limit window of
   * every request passes here, and each async frame costs promises that every
   * AsyncLocalStorage of the process (Next.js has several) then propagates into.
   */
  private one(command: Command): Promise<Reply> {
    try {
      const [cmd, ...args] = this.scripts.translate(command);
      return this.redis.call(commandName(cmd), ...args.map(String)).then(
        (result) => ({ result: ScriptTranslator.answer(command, result) }),
        (err: unknown) => ({ error: message(err) }),
      );
    } catch (err) {
      return Promise.resolve({ error: message(err) });
    }
  }

  private async pipeline(commands: Command[]): Promise<Reply[]> {
    return Promise.all(commands.map((c) => this.one(c)));
  }

  private async multiExec(commands: Command[]): Promise<Reply[]> {
    const multi = this.redis.multi();
    for (const command of commands) {
      const [cmd, ...args] = this.scripts.translate(command);
      multi.call(commandName(cmd), ...args.map(String));
    }
    try {
      const replies = (await multi.exec()) ?? [];
      return replies.map(([err, result], i) =>
        err ? { error: err.message } : { result: ScriptTranslator.answer(commands[i]!, result) },
      );
    } catch (err) {
      // EXECABORT / connection lost: every command of the transaction failed
      return commands.map(() => ({ error: message(err) }));
    }
  }

  request<TResult = unknown>(req: UpstashRequest): Promise<UpstashResponse<TResult>> {
    if (this.redis.status !== 'ready') return this.ready().then(() => this.answer<TResult>(req));
    return this.answer<TResult>(req);
  }

  private answer<TResult>(req: UpstashRequest): Promise<UpstashResponse<TResult>> {
    const path = (req.path ?? []).join('/');
    if (path === 'pipeline' || path === 'multi-exec') {
      const body = req.body;
      if (!Array.isArray(body) || !body.every(isCommand))
        return Promise.reject(new errors.UpstashError('Body must be an array of commands'));
      const replies = path === 'pipeline' ? this.pipeline(body) : this.multiExec(body);
      return replies as unknown as Promise<UpstashResponse<TResult>>;
    }
    if (path !== '') return Promise.reject(new errors.UpstashError(`unsupported request path: /${path}`));
    if (!isCommand(req.body)) return Promise.reject(new errors.UpstashError('Body must be a command array'));
    const command = req.body;
    return this.one(command).then((reply) => {
      // as the HttpClient throws a non-2xx answer
      if (reply.error !== undefined)
        throw new errors.UpstashError(`${reply.error}, command was: ${JSON.stringify(command)}`);
      return reply as UpstashResponse<TResult>;
    });
  }

  /** Closes the connection to Redis. */
  close(): void {
    this.redis.disconnect();
  }
}
