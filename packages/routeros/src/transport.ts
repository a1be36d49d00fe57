/**
 * How the client puts bytes on the wire. The default is the global `fetch`. Routers with
 * self-signed certificates (`rejectUnauthorized: false`) go through `node:https` with
 * an Agent that skips verification instead: Node 20's fetch only takes a custom TLS
 * setting through an undici `Agent` passed as `dispatcher`, and undici is not exposed by
 * Node nor a dependency here, so `node:https` is the simple, supported route.
 */
import { Agent, request as httpsRequest } from 'node:https';

export interface HttpRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  signal: AbortSignal;
}

export interface HttpResponse {
  status: number;
  body: string;
}

export type HttpTransport = (request: HttpRequest) => Promise<HttpResponse>;

export const fetchTransport: HttpTransport = async (request) => {
  const response = await fetch(request.url, {
    method: request.method,
    headers: request.headers,
    body: request.body,
    signal: request.signal,
  });
  return { status: response.status, body: await response.text() };
};

let insecureAgent: Agent | undefined;

/** HTTPS without certificate verification, for routers with self-signed certificates. */
export const insecureTlsTransport: HttpTransport = (request) => {
  insecureAgent ??= new Agent({ keepAlive: true, rejectUnauthorized: false });
  const agent = insecureAgent;
  return new Promise<HttpResponse>((resolve, reject) => {
    const req = httpsRequest(
      request.url,
      { method: request.method, headers: request.headers, agent, signal: request.signal },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(request.body);
  });
};

/** The system error code behind a failed request (ECONNREFUSED, UND_ERR_SOCKET, …). */
export function networkErrorCode(error: unknown): string | undefined {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current && typeof current === 'object' && !seen.has(current)) {
    seen.add(current);
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    const inner = (current as { errors?: unknown[] }).errors?.[0];
    current = (current as { cause?: unknown }).cause ?? inner;
  }
  return undefined;
}
