/**
 * What the payment gateway simulators (Xendit, Midtrans) share over plain node:http: JSON
 * answers, the request body, the server key of a Basic authorization, and HTML escaping
 * for their hosted pay pages.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** The user part of `Authorization: Basic base64(key:)`, as both gateways take their secret key. */
export function keyOf(authorization: string | undefined): string | null {
  const m = /^Basic (.+)$/.exec(authorization ?? '');
  if (!m) return null;
  const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
  const i = decoded.indexOf(':');
  return i > 0 ? decoded.slice(0, i) : null;
}
