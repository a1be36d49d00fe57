/**
 * A WhatsApp gateway without Meta or a phone: one real HTTP server speaking both the
 * Cloud API (`POST /{version}/{phone_number_id}/messages`, Bearer token) and Fonnte
 * (`POST /send`, device token in Authorization, form fields), for the demo, the tests and
 * the benchmark. What it accepts it "delivers": after `callbackDelayMs` it POSTs status
 * callbacks (sent → delivered → read) to the account's webhook URL, signed like the real
 * ones (Cloud: X-Hub-Signature-256 with the app secret; Fonnte: the URL's secret), and
 * optionally out of order or twice. Like Meta it refuses a second message to the same
 * user within `pairSpacingMs` with error 131056.
 *   GET  /_sim/state    what it received and delivered, per message, and counters
 *   POST /_sim/config   {latency_ms?, failure?: {mode: error500|hang|drop|rate_limit, remaining?, provider?} | null,
 *                        callbacks?: {order?: normal|reversed, duplicate?: boolean, read?: boolean, fail?: boolean, delay_ms?, off?: boolean},
 *                        accounts?: SimAccount[]}
 *   POST /_sim/reset    messages and counters cleared (accounts kept)
 *   POST /_sim/inbound  {account, from, text, name?, id?}: a subscriber writes to the ISP's Cloud API number;
 *                       the signed `messages` webhook goes to the account's callback URL ({id, status} back)
 * Accounts say where callbacks go; an unknown phone_number_id/token is refused (401).
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { request } from 'undici';
import { cloudSignature } from './webhooks';

export type SimFailureMode = 'error500' | 'hang' | 'drop' | 'rate_limit';

export interface SimFailure {
  mode: SimFailureMode;
  /** how many sends fail; then it recovers. Omitted: until cleared */
  remaining?: number;
  /** only this API fails; omitted: both */
  provider?: 'cloud' | 'fonnte';
}

export interface SimAccount {
  kind: 'cloud' | 'fonnte';
  /** cloud: the phone_number_id; fonnte: the device token */
  id: string;
  /** cloud: the access token the Bearer header must carry */
  access_token?: string;
  /** where status callbacks are POSTed; null: none */
  callback_url: string | null;
  /** cloud: signs callbacks */
  app_secret?: string;
}

export interface SimCallbackConfig {
  order: 'normal' | 'reversed';
  duplicate: boolean;
  read: boolean;
  /** report every message failed (131026, undeliverable) after sent */
  fail: boolean;
  delayMs: number;
  /** no callbacks at all (a test posts its own) */
  off: boolean;
}

export interface SimMessage {
  provider: 'cloud' | 'fonnte';
  provider_message_id: string;
  account: string;
  to: string;
  /** Fonnte: the text; Cloud: the template name and parameters joined */
  text: string;
  template: string | null;
  parameters: string[];
  callback_data: string | null;
  received_at: string;
  callbacks: { status: string; ok: boolean }[];
}

export interface WhatsAppSimulatorOptions {
  host?: string;
  port?: number;
  latencyMs?: number;
  pairSpacingMs?: number;
  accounts?: SimAccount[];
  callbacks?: Partial<SimCallbackConfig>;
}

export interface WhatsAppSimulator {
  url: string;
  port: number;
  messages: () => SimMessage[];
  configure: (patch: { latencyMs?: number; failure?: SimFailure | null; callbacks?: Partial<SimCallbackConfig>; accounts?: SimAccount[] }) => void;
  reset: () => void;
  /** resolves when every callback scheduled so far has been posted */
  settle: () => Promise<void>;
  /** a subscriber's text to a Cloud API account: the signed inbound webhook, posted now (`id` to replay one) */
  inbound: (m: { account: string; from: string; text: string; name?: string; id?: string }) => Promise<{ id: string; status: number }>;
  close: () => Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

export async function createWhatsAppSimulator(options: WhatsAppSimulatorOptions = {}): Promise<WhatsAppSimulator> {
  const accounts = new Map<string, SimAccount>();
  const addAccounts = (list: SimAccount[]) => list.forEach((a) => accounts.set(`${a.kind}:${a.id}`, a));
  addAccounts(options.accounts ?? []);
  let latencyMs = options.latencyMs ?? 0;
  const pairSpacingMs = options.pairSpacingMs ?? 6000;
  let failure: SimFailure | null = null;
  let callbacks: SimCallbackConfig = { order: 'normal', duplicate: false, read: false, fail: false, delayMs: 20, off: false, ...options.callbacks };
  let messages: SimMessage[] = [];
  let fonnteSeq = 1000;
  const lastToRecipient = new Map<string, number>();
  const pending = new Set<Promise<void>>();
  const sockets = new Set<Socket>();

  const takeFailure = (provider: 'cloud' | 'fonnte'): SimFailureMode | null => {
    if (!failure || (failure.provider && failure.provider !== provider)) return null;
    const mode = failure.mode;
    if (failure.remaining !== undefined) {
      failure.remaining -= 1;
      if (failure.remaining <= 0) failure = null;
    }
    return mode;
  };

  const post = async (msg: SimMessage, account: SimAccount, status: string) => {
    if (!account.callback_url) return;
    let body: string;
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (msg.provider === 'cloud') {
      const st: Record<string, unknown> = {
        id: msg.provider_message_id,
        status,
        timestamp: String(Math.floor(Date.now() / 1000)),
        recipient_id: msg.to,
        ...(msg.callback_data ? { biz_opaque_callback_data: msg.callback_data } : {}),
        ...(status === 'failed' ? { errors: [{ code: 131026, title: 'Message undeliverable' }] } : {}),
      };
      body = JSON.stringify({
        object: 'whatsapp_business_account',
        entry: [{ id: 'sim-waba', changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { phone_number_id: msg.account }, statuses: [st] } }] }],
      });
      headers['x-hub-signature-256'] = cloudSignature(body, account.app_secret ?? '');
    } else {
      const state = status === 'sent' ? 'sent' : status;
      body = JSON.stringify({ device: 'sim-device', id: msg.provider_message_id, stateid: randomUUID(), status: status === 'failed' ? 'failed' : 'sent', state });
    }
    // like the real ones, a refused callback is tried again (Fonnte: up to 15 times; here 5, 200 ms apart and growing)
    let ok = false;
    for (let attempt = 1; attempt <= 5 && !ok; attempt++) {
      try {
        // undici's request, like the adapters (callGateway): the simulator shares the machine with what it tests
        const res = await request(account.callback_url, { method: 'POST', headers, body, headersTimeout: 10_000, bodyTimeout: 10_000 });
        ok = res.statusCode >= 200 && res.statusCode < 300;
        await res.body.dump();
      } catch {
        ok = false;
      }
      if (!ok) await sleep(200 * attempt);
    }
    msg.callbacks.push({ status, ok });
  };

  const scheduleCallbacks = (msg: SimMessage, account: SimAccount) => {
    if (callbacks.off) return;
    let list = ['sent', callbacks.fail ? 'failed' : 'delivered', ...(callbacks.read && !callbacks.fail ? ['read'] : [])];
    if (callbacks.order === 'reversed') list = list.reverse();
    if (callbacks.duplicate) list = list.flatMap((s) => [s, s]);
    const delay = callbacks.delayMs;
    const run = (async () => {
      await sleep(delay);
      for (const status of list) await post(msg, account, status);
    })();
    pending.add(run);
    void run.finally(() => pending.delete(run));
  };

  const accept = (res: ServerResponse, msg: SimMessage, account: SimAccount) => {
    const mode = takeFailure(msg.provider);
    if (mode === 'error500') return json(res, 500, { error: { code: 1, message: 'simulated internal error' } });
    if (mode === 'rate_limit') return json(res, 400, { error: { code: 131056, message: '(#131056) (Business Account, Consumer Account) pair rate limit hit' } });
    if (mode === 'hang') return; // never answered: the client times out
    const now = Date.now();
    const last = lastToRecipient.get(`${msg.account}:${msg.to}`);
    if (last !== undefined && now - last < pairSpacingMs) {
      if (msg.provider === 'cloud') return json(res, 400, { error: { code: 131056, message: '(#131056) (Business Account, Consumer Account) pair rate limit hit' } });
    }
    lastToRecipient.set(`${msg.account}:${msg.to}`, now);
    messages.push(msg);
    scheduleCallbacks(msg, account);
    if (mode === 'drop') {
      res.socket?.destroy(); // accepted, then the answer is lost
      return;
    }
    if (msg.provider === 'cloud') json(res, 200, { messaging_product: 'whatsapp', contacts: [{ input: msg.to, wa_id: msg.to }], messages: [{ id: msg.provider_message_id }] });
    else json(res, 200, { detail: 'success! message in queue', id: [msg.provider_message_id], process: 'pending', status: true, target: [msg.to] });
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://sim');
    const raw = await readBody(req);
    if (url.pathname === '/_sim/state' && req.method === 'GET') {
      return json(res, 200, { messages, counts: { received: messages.length, callbacks: messages.reduce((n, m) => n + m.callbacks.length, 0) } });
    }
    if (url.pathname === '/_sim/config' && req.method === 'POST') {
      const patch = JSON.parse(raw || '{}') as { latency_ms?: number; failure?: SimFailure | null; callbacks?: Partial<SimCallbackConfig> & { delay_ms?: number }; accounts?: SimAccount[] };
      api.configure({
        ...(patch.latency_ms !== undefined ? { latencyMs: patch.latency_ms } : {}),
        ...(patch.failure !== undefined ? { failure: patch.failure } : {}),
        ...(patch.callbacks ? { callbacks: { ...patch.callbacks, ...(patch.callbacks.delay_ms !== undefined ? { delayMs: patch.callbacks.delay_ms } : {}) } } : {}),
        ...(patch.accounts ? { accounts: patch.accounts } : {}),
      });
      return json(res, 200, { ok: true });
    }
    if (url.pathname === '/_sim/inbound' && req.method === 'POST') {
      const m = JSON.parse(raw || '{}') as { account?: string; from?: string; text?: string; name?: string; id?: string };
      if (!m.account || !m.from || !m.text) return json(res, 400, { error: 'account, from and text required' });
      return json(res, 200, await api.inbound({ account: m.account, from: m.from, text: m.text, ...(m.name ? { name: m.name } : {}), ...(m.id ? { id: m.id } : {}) }));
    }
    if (url.pathname === '/_sim/reset' && req.method === 'POST') {
      api.reset();
      return json(res, 200, { ok: true });
    }
    if (latencyMs > 0) await sleep(latencyMs);
    const cloud = /^\/(v\d+\.\d+)\/([^/]+)\/messages$/.exec(url.pathname);
    if (cloud && req.method === 'POST') {
      const account = accounts.get(`cloud:${decodeURIComponent(cloud[2]!)}`);
      const auth = req.headers.authorization ?? '';
      if (!account || (account.access_token && auth !== `Bearer ${account.access_token}`)) {
        return json(res, 401, { error: { code: 190, message: 'Invalid OAuth access token' } });
      }
      let body: { to?: string; template?: { name?: string; components?: { parameters?: { text?: string }[] }[] }; biz_opaque_callback_data?: string };
      try {
        body = JSON.parse(raw) as typeof body;
      } catch {
        return json(res, 400, { error: { code: 100, message: 'Invalid parameter' } });
      }
      if (!body.to || !body.template?.name) return json(res, 400, { error: { code: 100, message: 'Invalid parameter' } });
      const parameters = (body.template.components?.[0]?.parameters ?? []).map((p) => p.text ?? '');
      return accept(res, {
        provider: 'cloud',
        provider_message_id: `wamid.SIM${randomUUID().replace(/-/g, '')}`,
        account: account.id,
        to: `+${body.to.replace(/^\+/, '')}`,
        text: [body.template.name, ...parameters].join(' | '),
        template: body.template.name,
        parameters,
        callback_data: body.biz_opaque_callback_data ?? null,
        received_at: new Date().toISOString(),
        callbacks: [],
      }, account);
    }
    if (url.pathname === '/send' && req.method === 'POST') {
      const account = accounts.get(`fonnte:${req.headers.authorization ?? ''}`);
      if (!account) return json(res, 200, { reason: 'invalid token', status: false });
      const form = new URLSearchParams(raw);
      const target = form.get('target');
      const text = form.get('message');
      if (!target || !text) return json(res, 200, { reason: 'target and message required', status: false });
      return accept(res, {
        provider: 'fonnte',
        provider_message_id: String(fonnteSeq++),
        account: account.id,
        to: `+${target.replace(/^\+/, '')}`,
        text,
        template: null,
        parameters: [],
        callback_data: null,
        received_at: new Date().toISOString(),
        callbacks: [],
      }, account);
    }
    json(res, 404, { error: { code: 404, message: 'not found' } });
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) json(res, 500, { error: { code: 1, message: String(err) } });
    });
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  const api: WhatsAppSimulator = {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    port,
    messages: () => messages,
    configure(patch) {
      if (patch.latencyMs !== undefined) latencyMs = patch.latencyMs;
      if (patch.failure !== undefined) failure = patch.failure ? { ...patch.failure } : null;
      if (patch.callbacks) callbacks = { ...callbacks, ...patch.callbacks };
      if (patch.accounts) addAccounts(patch.accounts);
    },
    reset() {
      messages = [];
      failure = null;
      lastToRecipient.clear();
    },
    async settle() {
      while (pending.size > 0) await Promise.all([...pending]);
    },
    async inbound(m) {
      const account = accounts.get(`cloud:${m.account}`);
      if (!account?.callback_url) throw new Error(`no Cloud API account ${m.account} with a callback URL`);
      const id = m.id ?? `wamid.SIMIN${randomUUID().replace(/-/g, '')}`;
      const from = m.from.replace(/^\+/, '');
      const body = JSON.stringify({
        object: 'whatsapp_business_account',
        entry: [
          {
            id: 'sim-waba',
            changes: [
              {
                field: 'messages',
                value: {
                  messaging_product: 'whatsapp',
                  metadata: { phone_number_id: account.id },
                  contacts: [{ wa_id: from, profile: { name: m.name ?? 'Pelanggan' } }],
                  messages: [{ from, id, timestamp: String(Math.floor(Date.now() / 1000)), type: 'text', text: { body: m.text } }],
                },
              },
            ],
          },
        ],
      });
      const res = await fetch(account.callback_url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-hub-signature-256': cloudSignature(body, account.app_secret ?? '') },
        body,
        signal: AbortSignal.timeout(10_000),
      });
      await res.arrayBuffer();
      return { id, status: res.status };
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return api;
}
