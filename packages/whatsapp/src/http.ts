/** One HTTP call of an adapter: a timeout, and every failure turned into a WhatsAppError. */
import { WhatsAppError, kindForNetworkError } from './errors';

export const GATEWAY_TIMEOUT_MS = 10_000;

export interface HttpAnswer {
  status: number;
  body: unknown;
}

export async function callGateway(label: string, url: string, init: { method: 'POST'; headers: Record<string, string>; body: string }, timeoutMs: number): Promise<HttpAnswer> {
  let res: Response;
  try {
    res = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    const kind = kindForNetworkError(error);
    const code = (error as { cause?: { code?: string } }).cause?.code;
    throw new WhatsAppError(kind, `${label}: ${kind === 'timeout' ? `no answer within ${timeoutMs} ms` : `request failed (${code ?? 'network error'})`}`, code ? { code } : {});
  }
  let text: string;
  try {
    text = await res.text();
  } catch (error) {
    throw new WhatsAppError(kindForNetworkError(error), `${label}: answer cut off (HTTP ${res.status})`, { status: res.status });
  }
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = { raw: text.slice(0, 500) };
  }
  return { status: res.status, body };
}
