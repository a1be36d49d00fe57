/**
 * WhatsApp Cloud API (Meta Graph API): template messages with body parameters,
 * `POST {base}/{version}/{phone_number_id}/messages` with a Bearer access token. RRNet's
 * message id rides along as `biz_opaque_callback_data`, which Meta echoes in every status
 * webhook: a send whose answer was lost (worker killed, connection dropped) is still
 * matched to its message by the first status, so it is never resent blindly.
 */
import { WhatsAppError, kindForHttpStatus } from './errors';
import { GATEWAY_TIMEOUT_MS, callGateway } from './http';
import type { CloudCredentials, OutboundMessage, SendResult, WhatsAppGateway } from './types';

export const CLOUD_DEFAULT_BASE_URL = 'https://graph.facebook.com';
export const CLOUD_DEFAULT_VERSION = 'v21.0';

export interface CloudGatewayOptions {
  baseUrl?: string;
  version?: string;
  credentials: Pick<CloudCredentials, 'phone_number_id' | 'access_token'>;
  timeoutMs?: number;
}

/** The JSON body of a template message (exported for the simulator's and tests' checks). */
export function cloudMessageBody(message: OutboundMessage): Record<string, unknown> {
  return {
    messaging_product: 'whatsapp',
    recipient_type: 'individual',
    to: message.to.replace(/^\+/, ''),
    type: 'template',
    template: {
      name: message.template.name,
      language: { code: message.template.language },
      components: [{ type: 'body', parameters: message.template.parameters.map((text) => ({ type: 'text', text })) }],
    },
    biz_opaque_callback_data: message.id,
  };
}

export class CloudApiGateway implements WhatsAppGateway {
  readonly kind = 'cloud' as const;
  private readonly url: string;
  private readonly token: string;
  private readonly timeoutMs: number;

  constructor(options: CloudGatewayOptions) {
    const base = (options.baseUrl ?? CLOUD_DEFAULT_BASE_URL).replace(/\/+$/, '');
    this.url = `${base}/${options.version ?? CLOUD_DEFAULT_VERSION}/${encodeURIComponent(options.credentials.phone_number_id)}/messages`;
    this.token = options.credentials.access_token;
    this.timeoutMs = options.timeoutMs ?? GATEWAY_TIMEOUT_MS;
  }

  async send(message: OutboundMessage): Promise<SendResult> {
    const answer = await callGateway(
      'WhatsApp Cloud API',
      this.url,
      { method: 'POST', headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/json' }, body: JSON.stringify(cloudMessageBody(message)) },
      this.timeoutMs,
    );
    const body = answer.body as { messages?: { id?: string }[]; error?: { code?: number | string; message?: string } } | null;
    if (answer.status >= 200 && answer.status < 300) {
      const id = body?.messages?.[0]?.id;
      if (!id) throw new WhatsAppError('unknown_outcome', 'WhatsApp Cloud API: accepted without a message id', { status: answer.status });
      return { providerMessageId: id };
    }
    const code = body?.error?.code !== undefined ? String(body.error.code) : undefined;
    const kind = kindForHttpStatus(answer.status, code);
    throw new WhatsAppError(kind, `WhatsApp Cloud API: HTTP ${answer.status}${code ? ` error ${code}` : ''}${body?.error?.message ? `: ${body.error.message.slice(0, 200)}` : ''}`, {
      status: answer.status,
      ...(code ? { code } : {}),
    });
  }
}
