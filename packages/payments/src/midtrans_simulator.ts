/**
 * A Midtrans simulator: a real HTTP server speaking the documented Snap and Core API
 * endpoints, for the demo (`npm start`), the integration suites and e2e.
 *   POST /snap/v1/transactions         Basic auth (server key, empty password), transaction_details
 *                                      {order_id, gross_amount} → 201 {token, redirect_url}; an order
 *                                      id used before is 400, a wrong key 401 (Midtrans's messages)
 *   GET  /snap/v4/redirection/{token}  the payer's page (`redirect_url`): merchant, order, amount, "Pay"
 *   POST /snap/v4/redirection/{token}/pay  settles it (transaction_status settlement, status_code 200)
 *                                      and sends the HTTP notification; a form is redirected to the
 *                                      request's callbacks.finish with order_id, status_code and
 *                                      transaction_status (Midtrans's finish redirect), JSON gets the delivery
 *   GET  /v2/{order_id}/status         Core API: the transaction's status (404 until it is paid)
 *   POST /_sim/orders/{order_id}/notify  sends the last notification again (Midtrans retries)
 *   POST /_sim/accounts                 adds a merchant account {server_key, notification_url} (an ISP's
 *                                      own sandbox key, with its RRNet notification URL, under npm start)
 * Each account (server key ↔ Payment Notification URL, as set in Midtrans's dashboard) gets
 * the notifications of its transactions, signed as Midtrans documents:
 * signature_key = SHA512(order_id + status_code + gross_amount + server key). A Snap request's
 * `X-Override-Notification` header (comma-separated URLs) replaces the account's URL for that
 * transaction, as Midtrans does.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { escapeHtml, keyOf, readBody, send } from './sim_http';

export interface MidtransSimAccount {
  server_key: string;
  /** the Payment Notification URL; null: none set in the dashboard (only X-Override-Notification) */
  notification_url: string | null;
  merchant_name?: string;
}

export interface MidtransSimTransaction {
  token: string;
  order_id: string;
  gross_amount: number;
  status: 'pending' | 'settlement' | 'expire';
  merchant_name: string;
  notification_urls: string[];
  finish_url: string | null;
  created: string;
  transaction_id?: string;
  transaction_time?: string;
  settlement_time?: string;
  payment_type?: string;
  customer_details?: Record<string, unknown>;
  item_details?: unknown[];
}

export interface MidtransSimDelivery {
  order_id: string;
  transaction_status: string;
  url: string;
  http_status: number | null;
  error?: string;
}

export interface MidtransSimulator {
  url: string;
  /** by order id */
  transactions: Map<string, MidtransSimTransaction>;
  deliveries: MidtransSimDelivery[];
  /** the Snap requests received (authorization, body), for assertions */
  requests: { path: string; authorization: string | undefined; body: unknown }[];
  addAccount(account: MidtransSimAccount): void;
  /** settles a pending transaction and sends its notification (the payer pressed "Pay") */
  pay(orderId: string, paymentType?: string): Promise<MidtransSimDelivery[]>;
  resend(orderId: string): Promise<MidtransSimDelivery[]>;
  /** the notification body of a transaction, signed with its account's key (what `resend` posts) */
  notificationOf(orderId: string): Record<string, string>;
  close(): Promise<void>;
}

const PAYMENT_TYPES = ['bank_transfer', 'qris', 'gopay'] as const;

/** Midtrans's signature_key: SHA512(order_id + status_code + gross_amount + server key), hex. */
export function midtransSimSignature(orderId: string, statusCode: string, grossAmount: string, serverKey: string): string {
  return createHash('sha512').update(`${orderId}${statusCode}${grossAmount}${serverKey}`).digest('hex');
}

/** Midtrans's times are Jakarta wall-clock time without an offset ("2026-12-05 14:03:00"). */
function jakartaTime(at: Date): string {
  return new Date(at.getTime() + 7 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
}

/** Why a Snap request is refused (Midtrans's validation messages), or null. */
function validationErrors(b: Record<string, unknown>): string[] {
  const errors: string[] = [];
  const td = b.transaction_details as Record<string, unknown> | undefined;
  if (!td || typeof td !== 'object') return ['transaction_details is required'];
  if (typeof td.order_id !== 'string' || td.order_id.length === 0) errors.push('transaction_details.order_id is required');
  else if (td.order_id.length > 50 || !/^[A-Za-z0-9._~-]+$/.test(td.order_id)) errors.push('transaction_details.order_id is invalid');
  if (typeof td.gross_amount !== 'number' || !Number.isFinite(td.gross_amount)) errors.push('transaction_details.gross_amount is required');
  else if (td.gross_amount < 0.01) errors.push('transaction_details.gross_amount must be greater than or equal to 0.01');
  return errors;
}

export async function createMidtransSimulator(options: { host?: string; port?: number; accounts?: MidtransSimAccount[] } = {}): Promise<MidtransSimulator> {
  const accounts = new Map<string, MidtransSimAccount>();
  const transactions = new Map<string, MidtransSimTransaction>();
  const byToken = new Map<string, MidtransSimTransaction>();
  const transactionKey = new Map<string, string>();
  const deliveries: MidtransSimDelivery[] = [];
  const requests: MidtransSimulator['requests'] = [];
  for (const a of options.accounts ?? []) accounts.set(a.server_key, a);
  let baseUrl = '';

  function mustFind(orderId: string): MidtransSimTransaction {
    const t = transactions.get(orderId);
    if (!t) throw Object.assign(new Error("Transaction doesn't exist."), { status: 404 });
    return t;
  }

  const grossOf = (t: MidtransSimTransaction) => t.gross_amount.toFixed(2);

  function notificationOf(orderId: string): Record<string, string> {
    const t = mustFind(orderId);
    const statusCode = t.status === 'settlement' ? '200' : t.status === 'pending' ? '201' : '202';
    return {
      transaction_time: t.transaction_time ?? jakartaTime(new Date(t.created)),
      transaction_status: t.status,
      transaction_id: t.transaction_id ?? '',
      status_message: 'midtrans payment notification',
      status_code: statusCode,
      signature_key: midtransSimSignature(t.order_id, statusCode, grossOf(t), transactionKey.get(orderId)!),
      ...(t.settlement_time ? { settlement_time: t.settlement_time } : {}),
      payment_type: t.payment_type ?? 'bank_transfer',
      order_id: t.order_id,
      merchant_id: 'G' + createHash('sha256').update(transactionKey.get(orderId)!).digest('hex').slice(0, 8).toUpperCase(),
      gross_amount: grossOf(t),
      fraud_status: 'accept',
      currency: 'IDR',
    };
  }

  async function deliver(orderId: string): Promise<MidtransSimDelivery[]> {
    const t = mustFind(orderId);
    const body = JSON.stringify(notificationOf(orderId));
    const out: MidtransSimDelivery[] = [];
    for (const url of t.notification_urls) {
      const delivery: MidtransSimDelivery = { order_id: orderId, transaction_status: t.status, url, http_status: null };
      try {
        const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body, signal: AbortSignal.timeout(15_000) });
        await res.arrayBuffer();
        delivery.http_status = res.status;
      } catch (error) {
        delivery.error = String((error as Error).message);
      }
      deliveries.push(delivery);
      out.push(delivery);
    }
    return out;
  }

  async function pay(orderId: string, paymentType = 'bank_transfer'): Promise<MidtransSimDelivery[]> {
    const t = mustFind(orderId);
    if (t.status !== 'pending') throw Object.assign(new Error(`Transaction is ${t.status}.`), { status: 409 });
    const now = jakartaTime(new Date());
    Object.assign(t, { status: 'settlement', transaction_id: randomUUID(), transaction_time: now, settlement_time: now, payment_type: paymentType });
    return deliver(orderId);
  }

  function payPage(t: MidtransSimTransaction): string {
    const body =
      t.status === 'pending'
        ? `<form method="post" action="/snap/v4/redirection/${t.token}/pay"><label style="display:block;margin:8px 0">Payment method <select name="payment_type" style="width:100%;padding:8px">${PAYMENT_TYPES.map((p) => `<option value="${p}">${p.replace('_', ' ')}</option>`).join('')}</select></label><button type="submit" data-testid="midtrans-pay" style="display:block;width:100%;margin:12px 0;padding:12px">Pay</button></form>`
        : `<p data-testid="midtrans-status">${t.status}</p>`;
    return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><link rel="icon" href="data:,"><title>Midtrans ${escapeHtml(t.order_id)}</title></head>
<body style="font-family:sans-serif;max-width:420px;margin:24px auto;padding:0 16px"><h1>${escapeHtml(t.merchant_name)}</h1><p data-testid="midtrans-order">${escapeHtml(t.order_id)}</p>
<p data-testid="midtrans-amount">IDR ${t.gross_amount.toLocaleString('en-US')}</p>${body}</body></html>`;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sim');
    const path = url.pathname;
    const raw = await readBody(req);
    if (req.method === 'POST' && path === '/snap/v1/transactions') {
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(raw) as Record<string, unknown>;
      } catch {
        return send(res, 400, { error_messages: ['request body is not JSON'] });
      }
      requests.push({ path, authorization: req.headers.authorization, body });
      const key = keyOf(req.headers.authorization) ?? '';
      const account = accounts.get(key);
      if (!account) return send(res, 401, { error_messages: ['Access denied due to unauthorized transaction, please check client or server key', 'Visit https://snap-docs.midtrans.com/#request-headers for more details'] });
      const invalid = validationErrors(body);
      if (invalid.length > 0) return send(res, 400, { error_messages: invalid });
      const td = body.transaction_details as { order_id: string; gross_amount: number };
      if (transactions.has(td.order_id)) return send(res, 400, { error_messages: ['transaction_details.order_id sudah digunakan'] });
      const override = req.headers['x-override-notification'];
      const append = req.headers['x-append-notification'];
      const split = (h: string | string[] | undefined) => (typeof h === 'string' ? h.split(',').map((u) => u.trim()).filter(Boolean).slice(0, 3) : []);
      const urls = override ? split(override) : [...(account.notification_url ? [account.notification_url] : []), ...split(append)];
      const callbacks = body.callbacks as { finish?: unknown } | undefined;
      const token = randomUUID();
      const t: MidtransSimTransaction = {
        token,
        order_id: td.order_id,
        gross_amount: td.gross_amount,
        status: 'pending',
        merchant_name: account.merchant_name ?? 'Midtrans simulator',
        notification_urls: urls,
        finish_url: typeof callbacks?.finish === 'string' ? callbacks.finish : null,
        created: new Date().toISOString(),
        ...(body.customer_details && typeof body.customer_details === 'object' ? { customer_details: body.customer_details as Record<string, unknown> } : {}),
        ...(Array.isArray(body.item_details) ? { item_details: body.item_details as unknown[] } : {}),
      };
      transactions.set(t.order_id, t);
      byToken.set(token, t);
      transactionKey.set(t.order_id, key);
      return send(res, 201, { token, redirect_url: `${baseUrl}/snap/v4/redirection/${token}` });
    }
    let m = /^\/snap\/v4\/redirection\/([^/]+)$/.exec(path);
    if (req.method === 'GET' && m) {
      const t = byToken.get(m[1]!);
      if (!t) return send(res, 404, { error_messages: ['token not found'] });
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(payPage(t));
      return;
    }
    m = /^\/snap\/v4\/redirection\/([^/]+)\/pay$/.exec(path);
    if (req.method === 'POST' && m) {
      const t = byToken.get(m[1]!);
      if (!t) return send(res, 404, { error_messages: ['token not found'] });
      const form = (req.headers['content-type'] ?? '').includes('application/x-www-form-urlencoded');
      let paymentType = 'bank_transfer';
      if (form) paymentType = new URLSearchParams(raw).get('payment_type') ?? paymentType;
      else if (raw) paymentType = (JSON.parse(raw) as { payment_type?: string }).payment_type ?? paymentType;
      const delivered = await pay(t.order_id, paymentType);
      if (form) {
        const finish = t.finish_url ? new URL(t.finish_url) : null;
        if (finish) {
          finish.searchParams.set('order_id', t.order_id);
          finish.searchParams.set('status_code', '200');
          finish.searchParams.set('transaction_status', t.status);
        }
        res.writeHead(303, { location: finish ? finish.toString() : `/snap/v4/redirection/${t.token}` }).end();
        return;
      }
      return send(res, 200, { transaction: notificationOf(t.order_id), deliveries: delivered });
    }
    m = /^\/v2\/([^/]+)\/status$/.exec(path);
    if (req.method === 'GET' && m) {
      const orderId = decodeURIComponent(m[1]!);
      const t = transactions.get(orderId);
      if (!t || transactionKey.get(orderId) !== keyOf(req.headers.authorization) || t.status === 'pending') {
        return send(res, 404, { status_code: '404', status_message: "Transaction doesn't exist.", id: randomUUID() });
      }
      return send(res, 200, { ...notificationOf(orderId), status_message: 'Success, transaction is found' });
    }
    m = /^\/_sim\/orders\/([^/]+)\/notify$/.exec(path);
    if (req.method === 'POST' && m) return send(res, 200, { deliveries: await deliver(decodeURIComponent(m[1]!)) });
    if (req.method === 'POST' && path === '/_sim/accounts') {
      const a = JSON.parse(raw || '{}') as Partial<MidtransSimAccount>;
      if (typeof a.server_key !== 'string' || a.server_key.length < 10) return send(res, 400, { error_messages: ['server_key is required'] });
      accounts.set(a.server_key, { server_key: a.server_key, notification_url: typeof a.notification_url === 'string' ? a.notification_url : null, ...(typeof a.merchant_name === 'string' ? { merchant_name: a.merchant_name } : {}) });
      return send(res, 201, { accounts: accounts.size });
    }
    if (req.method === 'GET' && path === '/_sim/state') return send(res, 200, { transactions: [...transactions.values()], deliveries });
    return send(res, 404, { error_messages: [`no route ${req.method} ${path}`] });
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      const status = (error as { status?: number }).status ?? 400;
      if (!res.headersSent) send(res, status, { error_messages: [String((error as Error).message)] });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  baseUrl = `http://${options.host ?? '127.0.0.1'}:${address.port}`;
  return {
    url: baseUrl,
    transactions,
    deliveries,
    requests,
    addAccount: (a) => void accounts.set(a.server_key, a),
    pay,
    resend: deliver,
    notificationOf,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A server key shaped like Midtrans's sandbox keys, for tests and the generated development secret. */
export const simServerKey = (): string => `SB-Mid-server-${randomBytes(18).toString('base64url')}`;
