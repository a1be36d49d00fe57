/**
 * One HTTP call of an adapter: a timeout, and every failure turned into a WhatsAppError.
 * undici's `request` (the client under Node's fetch, without the WHATWG streams, Response
 * objects and an AbortSignal per call): bench:notifications measured fetch's share of a
 * message's CPU as the largest single item after the database driver.
 */
import { request } from 'undici';
import { WhatsAppError, kindForNetworkError } from './errors';

export const GATEWAY_TIMEOUT_MS = 10_000;

export interface HttpAnswer {
  status: number;
  body: unknown;
}

export async function callGateway(label: string, url: string, init: { method: 'POST'; headers: Record<string, string>; body: string }, timeoutMs: number): Promise<HttpAnswer> {
  let res: Awaited<ReturnType<typeof request>>;
  try {
    // the answer's headers, and each gap in its body, within the timeout (connecting keeps
    // undici's own 10 s limit: a refused or unreachable host fails at once as `unreachable`)
    res = await request(url, { method: init.method, headers: init.headers, body: init.body, headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
  } catch (error) {
    const kind = kindForNetworkError(error);
    const e = error as { code?: string; cause?: { code?: string } };
    const code = e.code ?? e.cause?.code;
    throw new WhatsAppError(kind, `${label}: ${kind === 'timeout' ? `no answer within ${timeoutMs} ms` : `request failed (${code ?? 'network error'})`}`, code ? { code } : {});
  }
  let text: string;
  try {
    text = await res.body.text();
  } catch (error) {
    throw new WhatsAppError(kindForNetworkError(error), `${label}: answer cut off (HTTP ${res.statusCode})`, { status: res.statusCode });
  }
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = { raw: text.slice(0, 500) };
  }
  return { status: res.statusCode, body };
}
