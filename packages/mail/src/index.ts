export { createMailer } from './mailer';
export type { Mailer, MailerConfig, OutgoingMail } from './mailer';
