/**
 * The Upstash REST requester for a bridge that requires mTLS. @upstash/redis sends its
 * requests through the global fetch and passes only an `agent` (which Node's fetch
 * ignores), so it cannot present a client certificate; its constructor accepts any
 * `Requester`, though. This one speaks the same protocol as the library's HttpClient
 * (POST JSON to `/`, `/pipeline`, `/multi-exec`; Bearer token; base64 response encoding;
 * read-your-writes sync token; retries on network errors) over node:https with a
 * keep-alive agent that trusts only the deployment's CA and presents our certificate.
 */
import { Agent, request } from 'node:https';
import type { Requester, UpstashRequest, UpstashResponse } from '@upstash/redis';
import { errors } from '@upstash/redis';
import type { InternalTls } from '@rrnet/config/internal_tls';
import { mtlsClientOptions } from '@rrnet/config/internal_tls';
import { RedisRequestTimeout } from './redis_breaker';

export interface MtlsRequesterOptions {
  url: string;
  token: string;
  tls: InternalTls;
  retries?: number;
  backoff?: (retryCount: number) => number;
  /** per-request timeout (ms) */
  timeoutMs?: number;
}

interface RawResponse {
  status: number;
  syncToken: string | undefined;
  body: string;
}

function base64Decode(value: string): string {
  const bytes = Buffer.from(value, 'base64');
  // not base64 after all (a plain reply): keep it as it came, like the library does
  return bytes.toString('base64').replace(/=+$/, '') === value.replace(/=+$/, '')
    ? bytes.toString('utf8')
    : value;
}

/** The library's decoding of `Upstash-Encoding: base64` replies. */
function decode(raw: unknown): unknown {
  if (raw === undefined || typeof raw === 'number') return raw;
  if (typeof raw === 'string') return raw === 'OK' ? 'OK' : base64Decode(raw);
  if (Array.isArray(raw)) {
    return raw.map((v: unknown) =>
      typeof v === 'string' ? base64Decode(v) : Array.isArray(v) ? v.map(decode) : v,
    );
  }
  return null;
}

export class MtlsRequester implements Requester {
  readYourWrites = true;
  upstashSyncToken = '';
  private readonly agent: Agent;
  private readonly base: URL;

  constructor(private readonly options: MtlsRequesterOptions) {
    this.base = new URL(options.url);
    if (this.base.protocol !== 'https:')
      throw new Error('mTLS to the Upstash bridge needs an https:// UPSTASH_REDIS_REST_URL');
    this.agent = new Agent({ ...mtlsClientOptions(options.tls), keepAlive: true, maxSockets: 16 });
  }

  async request<TResult = unknown>(req: UpstashRequest): Promise<UpstashResponse<TResult>> {
    const path = `${this.base.pathname.replace(/\/$/, '')}/${(req.path ?? []).join('/')}`;
    const headers: Record<string, string> = {
      'Content-Type': 'application/json',
      authorization: `Bearer ${this.options.token}`,
      'Upstash-Encoding': 'base64',
      ...(this.readYourWrites ? { 'upstash-sync-token': this.upstashSyncToken } : {}),
      ...req.headers,
    };
    const body = JSON.stringify(req.body);
    const retries = this.options.retries ?? 1;
    let lastError: unknown;
    let res: RawResponse | null = null;
    for (let attempt = 0; attempt <= retries; attempt++) {
      try {
        res = await this.send(path, headers, body);
        break;
      } catch (err) {
        lastError = err;
        // a bridge that did not answer in time is not asked again: the wait is the bound
        if (err instanceof RedisRequestTimeout) break;
        if (attempt < retries)
          await new Promise((r) => setTimeout(r, this.options.backoff?.(attempt) ?? 50));
      }
    }
    if (!res) throw lastError instanceof Error ? lastError : new Error('Exhausted all retries');
    let parsed: unknown;
    try {
      parsed = JSON.parse(res.body);
    } catch (err) {
      throw new errors.UpstashJSONParseError(res.body, { cause: err });
    }
    if (res.status < 200 || res.status >= 300) {
      throw new errors.UpstashError(
        `${(parsed as { error?: string }).error}, command was: ${body}`,
      );
    }
    if (this.readYourWrites) this.upstashSyncToken = res.syncToken ?? '';
    if (Array.isArray(parsed)) {
      return parsed.map(({ result, error }: UpstashResponse<unknown>) => ({
        result: decode(result),
        error,
      })) as UpstashResponse<TResult>;
    }
    const single = parsed as UpstashResponse<unknown>;
    return { result: decode(single.result) as TResult, error: single.error };
  }

  private send(path: string, headers: Record<string, string>, body: string): Promise<RawResponse> {
    const timeoutMs = this.options.timeoutMs ?? 5000;
    return new Promise((resolve, reject) => {
      const req = request(
        {
          protocol: 'https:',
          hostname: this.base.hostname.replace(/^\[|\]$/g, ''),
          port: this.base.port || 443,
          path,
          method: 'POST',
          headers: { ...headers, 'content-length': Buffer.byteLength(body).toString() },
          agent: this.agent,
          timeout: timeoutMs,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const token = res.headers['upstash-sync-token'];
            resolve({
              status: res.statusCode ?? 0,
              syncToken: Array.isArray(token) ? token[0] : token,
              body: Buffer.concat(chunks).toString('utf8'),
            });
          });
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new RedisRequestTimeout(timeoutMs)));
      req.on('error', reject);
      req.end(body);
    });
  }

  /** Closes the keep-alive connections. */
  close(): void {
    this.agent.destroy();
  }
}
