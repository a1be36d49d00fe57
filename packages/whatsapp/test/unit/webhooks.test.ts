import { describe, expect, it } from 'vitest';
import {
  WhatsAppError,
  cloudMessageBody,
  cloudSignature,
  cloudVerificationChallenge,
  fonnteDeliveryStatus,
  fonnteForm,
  isBreakerFailure,
  isSafeToRetry,
  kindForHttpStatus,
  kindForNetworkError,
  parseCloudInboundMessages,
  parseCloudStatuses,
  parseFonnteStatus,
  verifyCloudSignature,
  verifyFonnteSecret,
} from '../../src';

const message = { id: '7d0e6f9a-1c2b-4d3e-8f4a-5b6c7d8e9f01', to: '+6281234567890', body: 'Halo Budi', template: { name: 'rrnet_isolir_notice', language: 'id' as const, parameters: ['Budi', 'INV-1'] } };

describe('Cloud API', () => {
  it('signs the raw body with the app secret; any other byte or secret fails', () => {
    const raw = '{"entry":[]}';
    const sig = cloudSignature(raw, 'secret');
    expect(sig).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(verifyCloudSignature(raw, sig, 'secret')).toBe(true);
    expect(verifyCloudSignature(raw, sig.toUpperCase().replace('SHA256', 'sha256'), 'secret')).toBe(true);
    expect(verifyCloudSignature(`${raw} `, sig, 'secret')).toBe(false);
    expect(verifyCloudSignature(raw, sig, 'other')).toBe(false);
    expect(verifyCloudSignature(raw, null, 'secret')).toBe(false);
    expect(verifyCloudSignature(raw, 'sha256=00', 'secret')).toBe(false);
    expect(verifyCloudSignature(raw, sig, '')).toBe(false);
  });

  it('answers the verification challenge only for subscribe with the right token', () => {
    const q = (s: string) => new URLSearchParams(s);
    expect(cloudVerificationChallenge(q('hub.mode=subscribe&hub.verify_token=tok&hub.challenge=123'), 'tok')).toBe('123');
    expect(cloudVerificationChallenge(q('hub.mode=subscribe&hub.verify_token=bad&hub.challenge=123'), 'tok')).toBeNull();
    expect(cloudVerificationChallenge(q('hub.mode=unsubscribe&hub.verify_token=tok&hub.challenge=123'), 'tok')).toBeNull();
    expect(cloudVerificationChallenge(q('hub.mode=subscribe&hub.verify_token=tok'), 'tok')).toBeNull();
  });

  it('parses statuses with errors and callback data; skips other changes', () => {
    const body = {
      object: 'whatsapp_business_account',
      entry: [
        {
          changes: [
            { value: { statuses: [{ id: 'wamid.1', status: 'delivered', timestamp: '1767225600', biz_opaque_callback_data: message.id }] } },
            { value: { statuses: [{ id: 'wamid.2', status: 'failed', errors: [{ code: 131026, title: 'Message undeliverable' }] }, { id: 'wamid.3', status: 'deleted' }, { nope: 1 }] } },
            { value: { messages: [{ from: '62812' }] } },
          ],
        },
      ],
    };
    expect(parseCloudStatuses(body)).toEqual([
      { providerMessageId: 'wamid.1', status: 'delivered', at: new Date(1767225600_000), callbackData: message.id, errorCode: null, errorTitle: null },
      { providerMessageId: 'wamid.2', status: 'failed', at: null, callbackData: null, errorCode: '131026', errorTitle: 'Message undeliverable' },
    ]);
    expect(parseCloudStatuses({ hello: 1 })).toBeNull();
    expect(parseCloudStatuses(null)).toBeNull();
  });

  it('builds a template message with body parameters and our id as callback data', () => {
    expect(cloudMessageBody(message)).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: '6281234567890',
      type: 'template',
      template: { name: 'rrnet_isolir_notice', language: { code: 'id' }, components: [{ type: 'body', parameters: [{ type: 'text', text: 'Budi' }, { type: 'text', text: 'INV-1' }] }] },
      biz_opaque_callback_data: message.id,
    });
  });
});

describe('Fonnte', () => {
  it('form fields: target without the plus, the text, country code', () => {
    expect(Object.fromEntries(fonnteForm(message))).toEqual({ target: '6281234567890', message: 'Halo Budi', countryCode: '62' });
  });
  it('the URL secret must match', () => {
    expect(verifyFonnteSecret(new URLSearchParams('secret=abc'), 'abc')).toBe(true);
    expect(verifyFonnteSecret(new URLSearchParams('secret=abd'), 'abc')).toBe(false);
    expect(verifyFonnteSecret(new URLSearchParams(''), 'abc')).toBe(false);
    expect(verifyFonnteSecret(new URLSearchParams('secret=abc'), '')).toBe(false);
  });
  it('status and state to one delivery status', () => {
    expect(fonnteDeliveryStatus('sent', 'read')).toBe('read');
    expect(fonnteDeliveryStatus('sent', 'delivered')).toBe('delivered');
    expect(fonnteDeliveryStatus('sent', undefined)).toBe('sent');
    expect(fonnteDeliveryStatus('invalid', undefined)).toBe('failed');
    expect(fonnteDeliveryStatus(undefined, 'failed')).toBe('failed');
    expect(fonnteDeliveryStatus('pending', 'processing')).toBeNull();
    expect(parseFonnteStatus({ device: '628', id: 80367170, stateid: 'x', status: 'sent', state: 'delivered' })).toMatchObject({ providerMessageId: '80367170', status: 'delivered', errorCode: null });
    expect(parseFonnteStatus({ id: '5', status: 'expired' })).toMatchObject({ status: 'failed', errorCode: 'expired', errorTitle: 'Fonnte: expired' });
    expect(parseFonnteStatus({ id: '5', status: 'waiting' })).toBeNull();
    expect(parseFonnteStatus({ status: 'sent' })).toBeNull();
  });
});

describe('errors', () => {
  it('HTTP answers to kinds: 131056 and 429 slow down, 401/403 auth, 5xx server, other 4xx rejected', () => {
    expect(kindForHttpStatus(400, '131056')).toBe('rate_limited');
    expect(kindForHttpStatus(429, undefined)).toBe('rate_limited');
    expect(kindForHttpStatus(401, '190')).toBe('auth');
    expect(kindForHttpStatus(503, undefined)).toBe('server');
    expect(kindForHttpStatus(400, '131026')).toBe('rejected');
  });
  it('network failures: refused before sending vs lost after', () => {
    expect(kindForNetworkError({ cause: { code: 'ECONNREFUSED' } })).toBe('unreachable');
    expect(kindForNetworkError({ name: 'TimeoutError' })).toBe('timeout');
    expect(kindForNetworkError({ cause: { code: 'UND_ERR_SOCKET' } })).toBe('unknown_outcome');
    expect(kindForNetworkError(undefined)).toBe('unknown_outcome');
    // undici.request's own errors carry the code at the top level
    expect(kindForNetworkError({ code: 'ECONNREFUSED' })).toBe('unreachable');
    expect(kindForNetworkError({ code: 'UND_ERR_CONNECT_TIMEOUT' })).toBe('unreachable');
    expect(kindForNetworkError({ code: 'UND_ERR_HEADERS_TIMEOUT' })).toBe('timeout');
    expect(kindForNetworkError({ code: 'UND_ERR_BODY_TIMEOUT' })).toBe('timeout');
    expect(kindForNetworkError({ code: 'UND_ERR_SOCKET' })).toBe('unknown_outcome');
  });
  it('only refused connections are retried in place; gateway faults count for the breaker', () => {
    expect(isSafeToRetry(new WhatsAppError('unreachable', 'x'))).toBe(true);
    expect(isSafeToRetry(new WhatsAppError('timeout', 'x'))).toBe(false);
    expect(isSafeToRetry(new Error('x'))).toBe(false);
    for (const k of ['unreachable', 'timeout', 'unknown_outcome', 'server'] as const) expect(isBreakerFailure(new WhatsAppError(k, 'x'))).toBe(true);
    for (const k of ['rate_limited', 'rejected', 'auth', 'circuit_open'] as const) expect(isBreakerFailure(new WhatsAppError(k, 'x'))).toBe(false);
    const e = new WhatsAppError('server', 'm', { status: 500, code: '1' });
    expect([e.status, e.code, e.name]).toEqual([500, '1', 'WhatsAppError']);
  });
});

describe('inbound messages (Cloud API)', () => {
  it('text messages with the sender in E.164 and their profile name; other types and statuses skipped', () => {
    const body = {
      object: 'whatsapp_business_account',
      entry: [
        {
          changes: [
            {
              value: {
                contacts: [{ wa_id: '6281234567890', profile: { name: 'Budi' } }],
                messages: [
                  { from: '6281234567890', id: 'wamid.A', timestamp: '1764900000', type: 'text', text: { body: '  Internet mati  ' } },
                  { from: '6281234567890', id: 'wamid.B', type: 'image', image: { id: 'x' } },
                  { from: '6281234567890', id: 'wamid.C', type: 'text', text: { body: '   ' } },
                ],
                statuses: [{ id: 'wamid.S', status: 'delivered' }],
              },
            },
          ],
        },
      ],
    };
    expect(parseCloudInboundMessages(body)).toEqual([
      { providerMessageId: 'wamid.A', from: '+6281234567890', profileName: 'Budi', text: 'Internet mati', at: new Date(1764900000 * 1000) },
    ]);
    expect(parseCloudInboundMessages({ entry: [{ changes: [{ value: { statuses: [] } }] }] })).toEqual([]);
    expect(parseCloudInboundMessages({ nope: true })).toBeNull();
  });
});
