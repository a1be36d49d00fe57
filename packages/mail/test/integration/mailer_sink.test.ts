/**
 * The platform's mailer against the SMTP sink, over TCP: a message with its text and HTML
 * arrives and is readable over the sink's HTTP API; AUTH is checked when the sink wants it;
 * a refusing or dropping server makes `send` throw promptly, and the next send goes through.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailer } from '../../src/index';
import { startSmtpSink } from '../../src/smtp_sink';
import type { SinkMessage, SmtpSink } from '../../src/smtp_sink';

let sink: SmtpSink;
beforeAll(async () => {
  sink = await startSmtpSink({ credentials: { user: 'rrnet', password: 'sink-secret' } });
});
afterAll(async () => {
  await sink?.close();
});

const mail = (to: string) => ({ to, subject: 'Kode 123456', text: 'Kode Anda: 123456', html: '<p>Kode Anda: <b>123456</b></p>', id: `t-${to}` });

describe('the mailer and the sink', () => {
  it('delivers text and HTML, readable over the HTTP API', async () => {
    const mailer = createMailer({ url: sink.smtpUrl, from: 'RRNet <no-reply@rrnet.test>', user: 'rrnet', password: 'sink-secret' });
    await mailer.send(mail('Siti@Example.com'));
    mailer.close();
    const res = await fetch(`${sink.url}/_sim/messages?to=siti@example.com`);
    const { messages } = (await res.json()) as { messages: SinkMessage[] };
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ from: 'no-reply@rrnet.test', to: ['siti@example.com'], subject: 'Kode 123456', auth_user: 'rrnet' });
    expect(messages[0]!.text).toContain('123456');
    expect(messages[0]!.html).toContain('<b>123456</b>');
    expect(messages[0]!.message_id).toBe('<t-Siti@Example.com@rrnet.test>');
  });

  it('refuses wrong credentials (535)', async () => {
    const mailer = createMailer({ url: sink.smtpUrl, from: 'no-reply@rrnet.test', user: 'rrnet', password: 'wrong' });
    await expect(mailer.send(mail('a@example.com'))).rejects.toMatchObject({ responseCode: 535 });
    mailer.close();
    expect(sink.messages('a@example.com')).toHaveLength(0);
  });

  it('fails promptly while the server refuses or drops, then recovers', async () => {
    const mailer = createMailer({ url: sink.smtpUrl, from: 'no-reply@rrnet.test', user: 'rrnet', password: 'sink-secret', timeoutMs: 2000 });
    await fetch(`${sink.url}/_sim/config`, { method: 'POST', body: JSON.stringify({ failure: { mode: 'tempfail', remaining: 1 } }) });
    await expect(mailer.send(mail('b@example.com'))).rejects.toMatchObject({ responseCode: 451 });
    sink.setFailure({ mode: 'drop', remaining: 1 });
    await expect(mailer.send(mail('b@example.com'))).rejects.toThrow();
    await mailer.send(mail('b@example.com'));
    mailer.close();
    expect(sink.messages('b@example.com')).toHaveLength(1);
    const state = (await (await fetch(`${sink.url}/_sim/state`)).json()) as { counters: Record<string, number> };
    expect(state.counters).toMatchObject({ refused: 1, dropped: 1 });
  });

  it('fails when nothing listens', async () => {
    const dead = await startSmtpSink();
    const url = dead.smtpUrl;
    await dead.close();
    const mailer = createMailer({ url, from: 'no-reply@rrnet.test', timeoutMs: 2000 });
    await expect(mailer.send(mail('c@example.com'))).rejects.toThrow();
    mailer.close();
  });
});
