/**
 * A Xendit Invoice API simulator: a real HTTP server speaking the documented endpoints, for
 * the demo (`npm start`), the integration suites and e2e.
 *   POST /v2/invoices            Basic auth (secret key, empty password) → the invoice, PENDING
 *   GET  /v2/invoices/{id}       the invoice
 *   POST /invoices/{id}/expire!  expires a pending invoice (Xendit's "Expire invoice"), callback sent
 *   GET  /web/invoices/{id}      the payer's page (`invoice_url`): amount, and one button per method
 *   POST /web/invoices/{id}/pay  pays it (form or JSON {payment_method}), sends the PAID callback;
 *                                a form is redirected to success_redirect_url, JSON gets the delivery
 *   POST /_sim/invoices/{id}/callback  sends the invoice's last callback again (Xendit retries)
 * Each account (secret key ↔ callback URL and verification token, as set in Xendit's dashboard)
 * gets the callbacks of its invoices, POSTed with `x-callback-token`.
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { escapeHtml, keyOf, readBody, send } from './sim_http';

export interface XenditSimAccount {
  secret_key: string;
  callback_token: string;
  callback_url: string;
  merchant_name?: string;
}

export interface XenditSimInvoice {
  id: string;
  external_id: string;
  user_id: string;
  status: 'PENDING' | 'PAID' | 'SETTLED' | 'EXPIRED';
  merchant_name: string;
  amount: number;
  payer_email?: string;
  description: string;
  expiry_date: string;
  invoice_url: string;
  currency: string;
  created: string;
  updated: string;
  success_redirect_url?: string;
  failure_redirect_url?: string;
  customer?: Record<string, unknown>;
  paid_amount?: number;
  paid_at?: string;
  payment_method?: string;
  payment_channel?: string;
}

export interface XenditSimDelivery {
  invoice_id: string;
  status: string;
  url: string;
  http_status: number | null;
  error?: string;
}

export interface XenditSimulator {
  url: string;
  invoices: Map<string, XenditSimInvoice>;
  deliveries: XenditSimDelivery[];
  /** the requests received on /v2/invoices (method, path, authorization, body) for assertions */
  requests: { method: string; path: string; authorization: string | undefined; body: unknown }[];
  addAccount(account: XenditSimAccount): void;
  pay(id: string, paymentMethod?: string): Promise<XenditSimDelivery>;
  expire(id: string): Promise<XenditSimDelivery>;
  resend(id: string): Promise<XenditSimDelivery>;
  close(): Promise<void>;
}

const METHODS: Record<string, string> = { BANK_TRANSFER: 'BCA', EWALLET: 'OVO', QR_CODE: 'QRIS', RETAIL_OUTLET: 'ALFAMART' };

/** Why a create-invoice body is refused (Xendit's API_VALIDATION_ERROR), or null. */
function validationError(b: Record<string, unknown>): string | null {
  if (typeof b.external_id !== 'string' || b.external_id.length === 0 || b.external_id.length > 1000) return 'external_id is required';
  if (typeof b.amount !== 'number' || !Number.isFinite(b.amount) || b.amount < 1) return 'amount must be a number of at least 1';
  if (b.invoice_duration !== undefined && (typeof b.invoice_duration !== 'number' || b.invoice_duration < 1 || b.invoice_duration > 31_536_000)) return 'invoice_duration must be between 1 and 31536000 seconds';
  if (b.currency !== undefined && b.currency !== 'IDR' && b.currency !== 'PHP') return 'currency not supported';
  return null;
}

export async function createXenditSimulator(options: { host?: string; port?: number; accounts?: XenditSimAccount[] } = {}): Promise<XenditSimulator> {
  const accounts = new Map<string, XenditSimAccount>();
  const invoiceAccount = new Map<string, XenditSimAccount>();
  const invoices = new Map<string, XenditSimInvoice>();
  const deliveries: XenditSimDelivery[] = [];
  const requests: XenditSimulator['requests'] = [];
  for (const a of options.accounts ?? []) accounts.set(a.secret_key, a);
  let baseUrl = '';

  const callbackBody = (inv: XenditSimInvoice) => ({
    id: inv.id,
    external_id: inv.external_id,
    user_id: inv.user_id,
    is_high: false,
    status: inv.status,
    merchant_name: inv.merchant_name,
    amount: inv.amount,
    ...(inv.payer_email ? { payer_email: inv.payer_email } : {}),
    description: inv.description,
    ...(inv.paid_at ? { paid_amount: inv.paid_amount, paid_at: inv.paid_at, payment_method: inv.payment_method, payment_channel: inv.payment_channel, bank_code: inv.payment_channel } : {}),
    currency: inv.currency,
    created: inv.created,
    updated: inv.updated,
    ...(inv.success_redirect_url ? { success_redirect_url: inv.success_redirect_url } : {}),
  });

  async function deliver(inv: XenditSimInvoice): Promise<XenditSimDelivery> {
    const account = invoiceAccount.get(inv.id)!;
    const delivery: XenditSimDelivery = { invoice_id: inv.id, status: inv.status, url: account.callback_url, http_status: null };
    try {
      const res = await fetch(account.callback_url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-callback-token': account.callback_token },
        body: JSON.stringify(callbackBody(inv)),
        signal: AbortSignal.timeout(15_000),
      });
      await res.arrayBuffer();
      delivery.http_status = res.status;
    } catch (error) {
      delivery.error = String((error as Error).message);
    }
    deliveries.push(delivery);
    return delivery;
  }

  function mustFind(id: string): XenditSimInvoice {
    const inv = invoices.get(id);
    if (!inv) throw Object.assign(new Error('INVOICE_NOT_FOUND_ERROR'), { status: 404 });
    return inv;
  }

  async function pay(id: string, paymentMethod = 'BANK_TRANSFER'): Promise<XenditSimDelivery> {
    const inv = mustFind(id);
    if (inv.status !== 'PENDING') throw Object.assign(new Error(`INVOICE_${inv.status}`), { status: 409 });
    const now = new Date().toISOString();
    Object.assign(inv, { status: 'PAID', paid_amount: inv.amount, paid_at: now, updated: now, payment_method: paymentMethod, payment_channel: METHODS[paymentMethod] ?? 'BCA' });
    return deliver(inv);
  }

  async function expire(id: string): Promise<XenditSimDelivery> {
    const inv = mustFind(id);
    if (inv.status !== 'PENDING') throw Object.assign(new Error(`INVOICE_${inv.status}`), { status: 409 });
    Object.assign(inv, { status: 'EXPIRED', updated: new Date().toISOString() });
    return deliver(inv);
  }

  function payPage(inv: XenditSimInvoice): string {
    const buttons = Object.keys(METHODS)
      .map((m) => `<button name="payment_method" value="${m}" data-method="${m}" style="display:block;width:100%;margin:8px 0;padding:12px">${m.replace('_', ' ')}</button>`)
      .join('');
    const body =
      inv.status === 'PENDING'
        ? `<form method="post" action="/web/invoices/${inv.id}/pay">${buttons}</form>`
        : `<p data-testid="xendit-status">${inv.status}</p>`;
    return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><link rel="icon" href="data:,"><title>Xendit invoice ${escapeHtml(inv.external_id)}</title></head>
<body style="font-family:sans-serif;max-width:420px;margin:24px auto;padding:0 16px"><h1>${escapeHtml(inv.merchant_name)}</h1><p>${escapeHtml(inv.description)}</p>
<p data-testid="xendit-amount">IDR ${inv.amount.toLocaleString('en-US')}</p>${body}</body></html>`;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sim');
    const path = url.pathname;
    const raw = await readBody(req);
    if (req.method === 'POST' && (path === '/v2/invoices' || path === '/v2/invoices/')) {
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(raw) as Record<string, unknown>;
      } catch {
        return send(res, 400, { error_code: 'API_VALIDATION_ERROR', message: 'request body is not JSON' });
      }
      requests.push({ method: 'POST', path, authorization: req.headers.authorization, body });
      const account = accounts.get(keyOf(req.headers.authorization) ?? '');
      if (!account) return send(res, 401, { error_code: 'INVALID_API_KEY', message: 'API key is not authorized for this API service' });
      const invalid = validationError(body);
      if (invalid) return send(res, 400, { error_code: 'API_VALIDATION_ERROR', message: invalid });
      const id = randomBytes(12).toString('hex');
      const now = new Date();
      const inv: XenditSimInvoice = {
        id,
        external_id: body.external_id as string,
        user_id: 'sim-business-' + Buffer.from(account.secret_key).toString('hex').slice(-8),
        status: 'PENDING',
        merchant_name: account.merchant_name ?? 'Xendit simulator',
        amount: Math.trunc(body.amount as number),
        ...(typeof body.payer_email === 'string' ? { payer_email: body.payer_email } : {}),
        description: typeof body.description === 'string' ? body.description : '',
        expiry_date: new Date(now.getTime() + ((body.invoice_duration as number | undefined) ?? 86_400) * 1000).toISOString(),
        invoice_url: `${baseUrl}/web/invoices/${id}`,
        currency: (body.currency as string | undefined) ?? 'IDR',
        created: now.toISOString(),
        updated: now.toISOString(),
        ...(typeof body.success_redirect_url === 'string' ? { success_redirect_url: body.success_redirect_url } : {}),
        ...(typeof body.failure_redirect_url === 'string' ? { failure_redirect_url: body.failure_redirect_url } : {}),
        ...(body.customer && typeof body.customer === 'object' ? { customer: body.customer as Record<string, unknown> } : {}),
      };
      invoices.set(id, inv);
      invoiceAccount.set(id, account);
      return send(res, 200, inv);
    }
    let m = /^\/v2\/invoices\/([^/]+)$/.exec(path);
    if (req.method === 'GET' && m) {
      const inv = invoices.get(m[1]!);
      if (!inv || invoiceAccount.get(inv.id)?.secret_key !== keyOf(req.headers.authorization)) return send(res, 404, { error_code: 'INVOICE_NOT_FOUND_ERROR', message: 'Invoice not found' });
      return send(res, 200, inv);
    }
    m = /^\/invoices\/([^/]+)\/expire!$/.exec(path);
    if (req.method === 'POST' && m) {
      const inv = invoices.get(m[1]!);
      if (!inv || invoiceAccount.get(inv.id)?.secret_key !== keyOf(req.headers.authorization)) return send(res, 404, { error_code: 'INVOICE_NOT_FOUND_ERROR', message: 'Invoice not found' });
      await expire(inv.id).catch(() => undefined);
      return send(res, 200, inv);
    }
    m = /^\/web\/invoices\/([^/]+)$/.exec(path);
    if (req.method === 'GET' && m) {
      const inv = invoices.get(m[1]!);
      if (!inv) return send(res, 404, { error_code: 'INVOICE_NOT_FOUND_ERROR', message: 'Invoice not found' });
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(payPage(inv));
      return;
    }
    m = /^\/web\/invoices\/([^/]+)\/pay$/.exec(path);
    if (req.method === 'POST' && m) {
      const form = (req.headers['content-type'] ?? '').includes('application/x-www-form-urlencoded');
      let method = 'BANK_TRANSFER';
      if (form) method = new URLSearchParams(raw).get('payment_method') ?? method;
      else if (raw) method = ((JSON.parse(raw) as { payment_method?: string }).payment_method ?? method);
      const delivery = await pay(m[1]!, method);
      const inv = invoices.get(m[1]!)!;
      if (form) {
        res.writeHead(303, { location: inv.success_redirect_url ?? `/web/invoices/${inv.id}` }).end();
        return;
      }
      return send(res, 200, { invoice: inv, delivery });
    }
    m = /^\/_sim\/invoices\/([^/]+)\/callback$/.exec(path);
    if (req.method === 'POST' && m) return send(res, 200, { delivery: await deliver(mustFind(m[1]!)) });
    return send(res, 404, { error_code: 'NOT_FOUND', message: `no route ${req.method} ${path}` });
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      const status = (error as { status?: number }).status ?? 400;
      if (!res.headersSent) send(res, status, { error_code: (error as Error).message || 'API_VALIDATION_ERROR', message: String((error as Error).message) });
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
    invoices,
    deliveries,
    requests,
    addAccount: (a) => void accounts.set(a.secret_key, a),
    pay,
    expire,
    resend: (id) => deliver(mustFind(id)),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
