/**
 * RRNet's own outbound e-mail (the platform's, never an ISP's): one SMTP transport made by
 * nodemailer from the validated config (an smtp:// or smtps:// URL, the from address and the
 * credentials as secrets). Nothing here knows what the message says; the callers build it.
 * Timeouts are short: a sender waits for the answer (a sign-up code is sent while its owner
 * waits), so a dead server must fail in seconds, not after the OS's TCP timeout.
 */
import nodemailer from 'nodemailer';

export interface MailerConfig {
  /** smtp://host:port (STARTTLS when offered) or smtps://host:port (TLS from the start) */
  url: string;
  /** "RRNet <no-reply@rrnet.id>" */
  from: string;
  user?: string | undefined;
  password?: string | undefined;
  /** refuse to send without TLS (production: true; the sink of development speaks plain SMTP) */
  requireTls?: boolean;
  /** connection, greeting and socket timeouts */
  timeoutMs?: number;
}

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** RRNet's id of the message (the Message-ID's local part) */
  id?: string;
}

export interface Mailer {
  send(mail: OutgoingMail): Promise<{ messageId: string }>;
  close(): void;
}

/** The platform's mailer: sends through the configured SMTP server. */
export function createMailer(config: MailerConfig): Mailer {
  const url = new URL(config.url);
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') throw new Error(`the SMTP URL must be smtp:// or smtps://, not ${url.protocol}`);
  const secure = url.protocol === 'smtps:';
  const timeout = config.timeoutMs ?? 10_000;
  const user = config.user ?? (url.username ? decodeURIComponent(url.username) : undefined);
  const pass = config.password ?? (url.password ? decodeURIComponent(url.password) : undefined);
  const transport = nodemailer.createTransport({
    host: url.hostname,
    port: url.port ? Number(url.port) : secure ? 465 : 587,
    secure,
    requireTLS: config.requireTls ?? false,
    ...(user ? { auth: { user, pass: pass ?? '' } } : {}),
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  const domain = /@([^>\s]+)>?\s*$/.exec(config.from)?.[1] ?? 'rrnet.local';
  return {
    async send(mail) {
      const info = await transport.sendMail({
        from: config.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        ...(mail.id ? { messageId: `<${mail.id}@${domain}>` } : {}),
      });
      return { messageId: String(info.messageId) };
    },
    close: () => transport.close(),
  };
}
