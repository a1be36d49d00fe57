/**
 * An SMTP server that keeps what it is sent, for development, the demo and the tests: a real
 * SMTP listener (smtp-server: EHLO, AUTH PLAIN/LOGIN, MAIL/RCPT/DATA) whose messages are
 * parsed (mailparser) and kept in memory, and a small HTTP API to read them:
 *   GET  /_sim/messages[?to=addr]   the messages received (oldest first), optionally to one address
 *   GET  /_sim/state                the messages, the failure mode and counters
 *   POST /_sim/config               {failure?: {mode: tempfail|reject|drop, remaining?} | null}
 *                                   tempfail: 451 after DATA; reject: 554 after DATA; drop: the
 *                                   connection is closed at once (a server that is down)
 *   POST /_sim/reset                messages, failure and counters cleared
 * With `credentials` set, AUTH is required and must match (a wrong one: 535); without, any
 * AUTH or none is accepted. Plain SMTP only (no STARTTLS): it listens on loopback.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server as HttpServer, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import type { AddressObject } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface SinkMessage {
  id: number;
  /** the envelope's MAIL FROM and RCPT TO */
  envelope_from: string;
  envelope_to: string[];
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  message_id: string | null;
  /** the AUTH user the client signed in as, or null */
  auth_user: string | null;
  received_at: string;
}

export interface SinkFailure {
  mode: 'tempfail' | 'reject' | 'drop';
  /** how many messages (or connections, for drop) fail; then it recovers. Omitted: until cleared */
  remaining?: number;
}

export interface SmtpSinkOptions {
  host?: string;
  /** 0: any free port */
  smtpPort?: number;
  httpPort?: number;
  credentials?: { user: string; password: string };
}

export interface SmtpSink {
  /** smtp://host:port */
  smtpUrl: string;
  smtpPort: number;
  /** the inspection API's base, http://host:port */
  url: string;
  messages(to?: string): SinkMessage[];
  setFailure(failure: SinkFailure | null): void;
  reset(): void;
  close(): Promise<void>;
}

const addresses = (a: AddressObject | AddressObject[] | undefined): string[] =>
  (Array.isArray(a) ? a : a ? [a] : []).flatMap((o) => o.value.map((v) => (v.address ?? '').toLowerCase())).filter(Boolean);

export async function startSmtpSink(options: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const host = options.host ?? '127.0.0.1';
  const kept: SinkMessage[] = [];
  let failure: SinkFailure | null = null;
  let seq = 0;
  const counters = { received: 0, refused: 0, dropped: 0, auth_failed: 0 };

  /** whether this attempt fails (spending one of `remaining`) */
  const failing = (mode: SinkFailure['mode']): boolean => {
    if (!failure || failure.mode !== mode) return false;
    if (failure.remaining !== undefined) {
      failure.remaining -= 1;
      if (failure.remaining <= 0) failure = null;
    }
    return true;
  };

  const smtp = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authOptional: !options.credentials,
    banner: 'RRNet SMTP sink',
    size: 5 * 1024 * 1024,
    logger: false,
    onConnect(_session, callback) {
      if (failing('drop')) {
        counters.dropped++;
        const err = Object.assign(new Error('Service not available, closing transmission channel'), { responseCode: 421 });
        return callback(err);
      }
      callback();
    },
    onAuth(auth, _session, callback) {
      const want = options.credentials;
      if (!want || (auth.username === want.user && auth.password === want.password)) return callback(null, { user: auth.username ?? 'anonymous' });
      counters.auth_failed++;
      callback(Object.assign(new Error('Authentication credentials invalid'), { responseCode: 535 }));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (failing('tempfail')) {
          counters.refused++;
          return callback(Object.assign(new Error('Requested action aborted: try again later'), { responseCode: 451 }));
        }
        if (failing('reject')) {
          counters.refused++;
          return callback(Object.assign(new Error('Transaction failed'), { responseCode: 554 }));
        }
        simpleParser(Buffer.concat(chunks))
          .then((parsed) => {
            counters.received++;
            kept.push({
              id: ++seq,
              envelope_from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              envelope_to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
              from: addresses(parsed.from)[0] ?? '',
              to: addresses(parsed.to),
              subject: parsed.subject ?? '',
              text: parsed.text ?? '',
              html: typeof parsed.html === 'string' ? parsed.html : '',
              message_id: parsed.messageId ?? null,
              auth_user: typeof session.user === 'string' ? session.user : null,
              received_at: new Date().toISOString(),
            });
            callback(null, `Queued as ${seq}`);
          })
          .catch((err: unknown) => callback(err instanceof Error ? err : new Error(String(err))));
      });
    },
  });
  smtp.on('error', () => {
    // a client that hangs up mid-session; the sink keeps listening
  });
  await new Promise<void>((resolve, reject) => {
    smtp.server.once('error', reject);
    smtp.listen(options.smtpPort ?? 0, host, () => resolve());
  });
  const smtpPort = (smtp.server.address() as AddressInfo).port;

  const messages = (to?: string) => (to ? kept.filter((m) => m.envelope_to.includes(to.toLowerCase())) : [...kept]);
  const reset = () => {
    kept.length = 0;
    failure = null;
    for (const k of Object.keys(counters) as (keyof typeof counters)[]) counters[k] = 0;
  };

  const send = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const readJson = async (req: IncomingMessage): Promise<unknown> => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    return raw ? JSON.parse(raw) : {};
  };
  const http: HttpServer = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://sink');
    void (async () => {
      if (url.pathname === '/_sim/messages' && req.method === 'GET') return send(res, 200, { messages: messages(url.searchParams.get('to') ?? undefined) });
      if (url.pathname === '/_sim/state' && req.method === 'GET') return send(res, 200, { smtp_url: `smtp://${host}:${smtpPort}`, failure, counters, messages: kept });
      if (url.pathname === '/_sim/reset' && req.method === 'POST') {
        reset();
        return send(res, 200, { ok: true });
      }
      if (url.pathname === '/_sim/config' && req.method === 'POST') {
        const body = (await readJson(req)) as { failure?: SinkFailure | null };
        if (body.failure !== undefined) {
          if (body.failure !== null && !['tempfail', 'reject', 'drop'].includes(body.failure.mode)) return send(res, 400, { error: 'failure.mode: tempfail, reject or drop' });
          failure = body.failure ? { ...body.failure } : null;
        }
        return send(res, 200, { failure });
      }
      send(res, 404, { error: 'not found' });
    })().catch((err: unknown) => send(res, 400, { error: String(err) }));
  });
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.httpPort ?? 0, host, () => resolve());
  });
  const httpPort = (http.address() as AddressInfo).port;

  return {
    smtpUrl: `smtp://${host}:${smtpPort}`,
    smtpPort,
    url: `http://${host}:${httpPort}`,
    messages,
    setFailure: (f) => {
      failure = f ? { ...f } : null;
    },
    reset,
    close: async () => {
      http.closeAllConnections();
      await Promise.all([new Promise<void>((r) => http.close(() => r())), new Promise<void>((r) => smtp.close(() => r()))]);
    },
  };
}
