export { createMailer, emailHint, escapeHtml } from './mailer';
export type { Mailer, MailerConfig, OutgoingMail } from './mailer';
