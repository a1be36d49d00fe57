/**
 * Fonnte, the HTTP gateway many Indonesian ISPs use (a WhatsApp device behind an API):
 * `POST {base}/send` with the device token in `Authorization` and form fields `target`,
 * `message`, `countryCode`. The answer is 200 with `status: true` and the message ids, or
 * `status: false` with a `reason`. Fonnte echoes nothing of ours back, so a send whose
 * answer is lost cannot be matched later: the sender treats it as "outcome unknown".
 */
import { WhatsAppError } from './errors';
import { GATEWAY_TIMEOUT_MS, callGateway } from './http';
import type { FonnteCredentials, OutboundMessage, SendResult, WhatsAppGateway } from './types';

export const FONNTE_DEFAULT_BASE_URL = 'https://api.fonnte.com';

export interface FonnteGatewayOptions {
  baseUrl?: string;
  credentials: Pick<FonnteCredentials, 'token'>;
  timeoutMs?: number;
}

/** +6281234567890 → target 6281234567890 with countryCode 62 (Fonnte replaces a leading 0 by the country code). */
export function fonnteForm(message: OutboundMessage): URLSearchParams {
  return new URLSearchParams({ target: message.to.replace(/^\+/, ''), message: message.body, countryCode: '62' });
}

const AUTH_REASONS = /token|unauthori[sz]ed|device/i;

export class FonnteGateway implements WhatsAppGateway {
  readonly kind = 'fonnte' as const;
  private readonly url: string;
  private readonly token: string;
  private readonly timeoutMs: number;

  constructor(options: FonnteGatewayOptions) {
    this.url = `${(options.baseUrl ?? FONNTE_DEFAULT_BASE_URL).replace(/\/+$/, '')}/send`;
    this.token = options.credentials.token;
    this.timeoutMs = options.timeoutMs ?? GATEWAY_TIMEOUT_MS;
  }

  async send(message: OutboundMessage): Promise<SendResult> {
    const answer = await callGateway(
      'Fonnte',
      this.url,
      { method: 'POST', headers: { authorization: this.token, 'content-type': 'application/x-www-form-urlencoded' }, body: fonnteForm(message).toString() },
      this.timeoutMs,
    );
    const body = answer.body as { status?: boolean; id?: (string | number)[]; reason?: string } | null;
    if (answer.status >= 500) throw new WhatsAppError('server', `Fonnte: HTTP ${answer.status}`, { status: answer.status });
    if (answer.status === 429) throw new WhatsAppError('rate_limited', 'Fonnte: HTTP 429', { status: 429 });
    if (answer.status === 200 && body?.status === true) {
      const id = body.id?.[0];
      if (id === undefined) throw new WhatsAppError('unknown_outcome', 'Fonnte: accepted without a message id', { status: 200 });
      return { providerMessageId: String(id) };
    }
    const reason = (body?.reason ?? `HTTP ${answer.status}`).slice(0, 200);
    throw new WhatsAppError(answer.status === 401 || AUTH_REASONS.test(reason) ? 'auth' : 'rejected', `Fonnte: ${reason}`, { status: answer.status });
  }
}
