/**
 * The gateways' status webhooks, parsed and authenticated (pure: no I/O).
 *  - Cloud API: GET verification (`hub.mode=subscribe`, `hub.verify_token`, answer
 *    `hub.challenge`); POST bodies signed `X-Hub-Signature-256: sha256=<hex>` = HMAC-SHA256
 *    of the raw body with the app secret; `entry[].changes[].value.statuses[]` with
 *    `id`, `status`, `timestamp` (unix seconds), `errors[]` and `biz_opaque_callback_data`.
 *  - Fonnte: "update message status" posts `{device, id, stateid, status, state}`; it
 *    signs nothing, so RRNet's webhook URL carries a per-ISP secret (`?secret=`).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { DeliveryStatus, StatusUpdate } from './types';

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

export function cloudSignature(rawBody: string | Buffer, appSecret: string): string {
  return `sha256=${createHmac('sha256', appSecret).update(rawBody).digest('hex')}`;
}

/** True when the header is the HMAC-SHA256 of exactly these bytes with the app secret. */
export function verifyCloudSignature(rawBody: string | Buffer, header: string | null | undefined, appSecret: string): boolean {
  if (!header || !appSecret) return false;
  return safeEqual(cloudSignature(rawBody, appSecret), header.trim().toLowerCase());
}

/** The challenge to echo when Meta verifies the webhook with the right token; null refuses. */
export function cloudVerificationChallenge(query: URLSearchParams, verifyToken: string): string | null {
  const mode = query.get('hub.mode');
  const token = query.get('hub.verify_token');
  const challenge = query.get('hub.challenge');
  if (mode !== 'subscribe' || !token || !challenge || !verifyToken) return null;
  return safeEqual(token, verifyToken) ? challenge : null;
}

const cloudStatusSchema = z.object({
  id: z.string().min(1),
  status: z.string(),
  timestamp: z.union([z.string(), z.number()]).optional(),
  recipient_id: z.string().optional(),
  biz_opaque_callback_data: z.string().optional(),
  errors: z.array(z.object({ code: z.union([z.number(), z.string()]).optional(), title: z.string().optional(), message: z.string().optional() })).optional(),
});

const cloudBodySchema = z.object({
  object: z.string().optional(),
  entry: z.array(
    z.object({
      changes: z.array(z.object({ value: z.object({ statuses: z.array(z.unknown()).optional() }).passthrough() }).passthrough()).optional(),
    }).passthrough(),
  ),
});

const CLOUD_STATUSES: Record<string, DeliveryStatus> = { sent: 'sent', delivered: 'delivered', read: 'read', failed: 'failed' };

function unixToDate(ts: string | number | undefined): Date | null {
  if (ts === undefined) return null;
  const n = Number(ts);
  return Number.isFinite(n) && n > 0 ? new Date(n * 1000) : null;
}

/** Every status update in a Cloud API webhook body; other changes (incoming messages, unknown statuses) are skipped. Null: not a Cloud API body. */
export function parseCloudStatuses(body: unknown): StatusUpdate[] | null {
  const parsed = cloudBodySchema.safeParse(body);
  if (!parsed.success) return null;
  const out: StatusUpdate[] = [];
  for (const entry of parsed.data.entry) {
    for (const change of entry.changes ?? []) {
      for (const raw of change.value.statuses ?? []) {
        const s = cloudStatusSchema.safeParse(raw);
        if (!s.success) continue;
        const status = CLOUD_STATUSES[s.data.status];
        if (!status) continue;
        const error = s.data.errors?.[0];
        out.push({
          providerMessageId: s.data.id,
          status,
          at: unixToDate(s.data.timestamp),
          callbackData: s.data.biz_opaque_callback_data ?? null,
          errorCode: error?.code !== undefined ? String(error.code) : null,
          errorTitle: error ? (error.title ?? error.message ?? null) : null,
        });
      }
    }
  }
  return out;
}

/** True when the `secret` query parameter is the ISP's Fonnte webhook secret. */
export function verifyFonnteSecret(query: URLSearchParams, webhookSecret: string): boolean {
  const given = query.get('secret');
  return !!given && !!webhookSecret && safeEqual(given, webhookSecret);
}

const fonnteBodySchema = z.object({
  device: z.union([z.string(), z.number()]).optional(),
  id: z.union([z.string(), z.number()]),
  stateid: z.union([z.string(), z.number()]).optional(),
  status: z.string().optional(),
  state: z.string().optional(),
});

/** Fonnte `status` (send outcome) and `state` (receipt) to one delivery status; null when it says nothing we track (pending, processing, waiting). */
export function fonnteDeliveryStatus(status: string | undefined, state: string | undefined): DeliveryStatus | null {
  const st = (state ?? '').toLowerCase();
  const s = (status ?? '').toLowerCase();
  if (st === 'read') return 'read';
  if (st === 'delivered') return 'delivered';
  if (['invalid', 'expired', 'failed', 'url unreachable'].includes(s) || st === 'failed') return 'failed';
  if (s === 'sent' || st === 'sent') return 'sent';
  return null;
}

/** A Fonnte status webhook body; null when it is not one or says nothing we track. */
export function parseFonnteStatus(body: unknown): StatusUpdate | null {
  const parsed = fonnteBodySchema.safeParse(body);
  if (!parsed.success) return null;
  const status = fonnteDeliveryStatus(parsed.data.status, parsed.data.state);
  if (!status) return null;
  return {
    providerMessageId: String(parsed.data.id),
    status,
    at: null,
    callbackData: null,
    errorCode: status === 'failed' ? (parsed.data.status ?? 'failed') : null,
    errorTitle: status === 'failed' ? `Fonnte: ${parsed.data.status ?? parsed.data.state ?? 'failed'}` : null,
  };
}

/** A subscriber's message to the ISP's number (Cloud API `value.messages[]`, text only). */
export interface InboundMessage {
  /** the gateway's message id (wamid.…): replays carry the same */
  providerMessageId: string;
  /** the sender in E.164 (+62…) */
  from: string;
  /** the sender's WhatsApp profile name, when Meta sends it */
  profileName: string | null;
  text: string;
  at: Date | null;
}

const cloudInboundSchema = z.object({
  id: z.string().min(1),
  from: z.string().regex(/^\+?\d{6,16}$/),
  timestamp: z.union([z.string(), z.number()]).optional(),
  type: z.string(),
  text: z.object({ body: z.string() }).optional(),
});
const cloudContactSchema = z.object({ wa_id: z.string(), profile: z.object({ name: z.string() }).optional() });

/**
 * Every text message a subscriber sent in a Cloud API webhook body (`value.messages[]`,
 * with the sender's name from `value.contacts[]`); other types (images, reactions…) and
 * statuses are skipped. Null: not a Cloud API body.
 */
export function parseCloudInboundMessages(body: unknown): InboundMessage[] | null {
  const parsed = cloudBodySchema.safeParse(body);
  if (!parsed.success) return null;
  const out: InboundMessage[] = [];
  for (const entry of parsed.data.entry) {
    for (const change of entry.changes ?? []) {
      const value = change.value as { messages?: unknown[]; contacts?: unknown[] };
      const names = new Map<string, string>();
      for (const raw of value.contacts ?? []) {
        const c = cloudContactSchema.safeParse(raw);
        if (c.success && c.data.profile) names.set(c.data.wa_id, c.data.profile.name);
      }
      for (const raw of value.messages ?? []) {
        const m = cloudInboundSchema.safeParse(raw);
        if (!m.success || m.data.type !== 'text' || !m.data.text?.body.trim()) continue;
        const digits = m.data.from.replace(/^\+/, '');
        out.push({ providerMessageId: m.data.id, from: `+${digits}`, profileName: names.get(digits) ?? null, text: m.data.text.body.trim(), at: unixToDate(m.data.timestamp) });
      }
    }
  }
  return out;
}
