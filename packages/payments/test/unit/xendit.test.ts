/**
 * The Xendit adapter without a network: the request `POST /v2/invoices` makes (Basic auth with
 * the secret key and an empty password, Xendit's field names), how answers and failures are
 * classified, the breaker opening after five failures, and the callback token check.
 */
import { describe, expect, it } from 'vitest';
import { XenditBreakers, createXenditInvoice, postXenditInvoice, verifyXenditCallbackToken, xenditAuthorization, xenditCallbackSchema } from '../../src/xendit';
import type { XenditError, XenditInvoiceRequest } from '../../src/xendit';

const REQUEST: XenditInvoiceRequest = {
  external_id: 'SNJ-202611-00001.a1b2c3',
  amount: 165_000,
  payer_email: 'budi@example.com',
  description: 'Internet SNJ-202611-00001',
  invoice_duration: 604_800,
  success_redirect_url: 'https://isp.example/billing/invoices/1',
  currency: 'IDR',
  customer: { given_names: 'Budi Santoso', email: 'budi@example.com', mobile_number: '+6281234567890' },
};

const INVOICE = {
  id: '579c8d61f23fa4ca35e52da4',
  external_id: REQUEST.external_id,
  user_id: '5781d19b2e2385880609791c',
  status: 'PENDING',
  merchant_name: 'Sinar Net',
  amount: 165_000,
  invoice_url: 'https://checkout-staging.xendit.co/web/579c8d61f23fa4ca35e52da4',
  expiry_date: '2026-12-12T03:00:00.000Z',
};

function recordingFetch(status: number, body: unknown) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fetchFn = (async (url: string | URL, init?: RequestInit) => {
    calls.push({ url: String(url), init: init! });
    return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  }) as typeof fetch;
  return { calls, fetchFn };
}

describe('POST /v2/invoices', () => {
  it('sends Basic auth with the secret key as username and an empty password, and Xendit’s field names', async () => {
    const { calls, fetchFn } = recordingFetch(200, INVOICE);
    const invoice = await postXenditInvoice('xnd_development_secret', REQUEST, { baseUrl: 'https://api.example', fetch: fetchFn });
    expect(invoice).toMatchObject({ id: INVOICE.id, invoice_url: INVOICE.invoice_url, status: 'PENDING' });
    expect(calls).toHaveLength(1);
    expect(calls[0]!.url).toBe('https://api.example/v2/invoices');
    expect(calls[0]!.init.method).toBe('POST');
    const headers = calls[0]!.init.headers as Record<string, string>;
    expect(headers.authorization).toBe(`Basic ${Buffer.from('xnd_development_secret:').toString('base64')}`);
    expect(Buffer.from(headers.authorization!.slice(6), 'base64').toString()).toBe('xnd_development_secret:');
    expect(JSON.parse(String(calls[0]!.init.body))).toEqual({
      external_id: 'SNJ-202611-00001.a1b2c3',
      amount: 165000,
      payer_email: 'budi@example.com',
      description: 'Internet SNJ-202611-00001',
      invoice_duration: 604800,
      success_redirect_url: 'https://isp.example/billing/invoices/1',
      currency: 'IDR',
      customer: { given_names: 'Budi Santoso', email: 'budi@example.com', mobile_number: '+6281234567890' },
    });
    expect(xenditAuthorization('k')).toBe('Basic azo=');
  });

  it('classifies answers: 401 auth, 400 rejected, 5xx server, an unreadable 200 unknown_outcome', async () => {
    const kindOf = async (status: number, body: unknown) =>
      postXenditInvoice('k', REQUEST, { fetch: recordingFetch(status, body).fetchFn }).then(
        () => 'ok',
        (e: XenditError) => `${e.kind}:${e.errorCode ?? ''}`,
      );
    expect(await kindOf(401, { error_code: 'INVALID_API_KEY', message: 'API key is not authorized' })).toBe('auth:INVALID_API_KEY');
    expect(await kindOf(400, { error_code: 'API_VALIDATION_ERROR', message: 'amount' })).toBe('rejected:API_VALIDATION_ERROR');
    expect(await kindOf(503, { error_code: 'SERVER_ERROR' })).toBe('server:SERVER_ERROR');
    expect(await kindOf(200, { nothing: true })).toBe('unknown_outcome:');
  });

  it('never puts the secret key in an error message', async () => {
    const err = await postXenditInvoice('xnd_secret_never_logged', REQUEST, { fetch: recordingFetch(401, { error_code: 'INVALID_API_KEY' }).fetchFn }).catch((e: Error) => e);
    expect(String((err as Error).message)).not.toContain('xnd_secret_never_logged');
  });

  it('opens the tenant’s breaker after five failures: the sixth call is refused without calling Xendit', async () => {
    const breakers = new XenditBreakers();
    const { calls, fetchFn } = recordingFetch(502, { error_code: 'SERVER_ERROR' });
    for (let i = 0; i < 5; i++) await expect(createXenditInvoice('tenant-a', 'k', REQUEST, { fetch: fetchFn, breakers })).rejects.toMatchObject({ kind: 'server' });
    await expect(createXenditInvoice('tenant-a', 'k', REQUEST, { fetch: fetchFn, breakers })).rejects.toMatchObject({ kind: 'circuit_open' });
    expect(calls).toHaveLength(5);
    // another ISP's account is not affected
    const ok = recordingFetch(200, INVOICE);
    await expect(createXenditInvoice('tenant-b', 'k', REQUEST, { fetch: ok.fetchFn, breakers })).resolves.toMatchObject({ id: INVOICE.id });
  });

  it('a 400 is Xendit answering, not failing: the breaker stays closed', async () => {
    const breakers = new XenditBreakers();
    const { fetchFn } = recordingFetch(400, { error_code: 'API_VALIDATION_ERROR' });
    for (let i = 0; i < 6; i++) await expect(createXenditInvoice('t', 'k', REQUEST, { fetch: fetchFn, breakers })).rejects.toMatchObject({ kind: 'rejected' });
    expect(breakers.get('t').state).toBe('closed');
  });
});

describe('callback verification', () => {
  it('accepts only the exact token, in constant time, and never an empty one', () => {
    expect(verifyXenditCallbackToken('tok-0123456789', 'tok-0123456789')).toBe(true);
    expect(verifyXenditCallbackToken('tok-0123456788', 'tok-0123456789')).toBe(false);
    expect(verifyXenditCallbackToken('tok-01234567890', 'tok-0123456789')).toBe(false);
    expect(verifyXenditCallbackToken('', 'tok')).toBe(false);
    expect(verifyXenditCallbackToken(null, 'tok')).toBe(false);
    expect(verifyXenditCallbackToken('tok', null)).toBe(false);
    expect(verifyXenditCallbackToken(undefined, undefined)).toBe(false);
  });

  it('reads the documented callback body and refuses one without id, external_id or status', () => {
    const paid = {
      id: '579c8d61f23fa4ca35e52da4',
      external_id: 'SNJ-202611-00001.a1b2c3',
      user_id: '5781d19b2e2385880609791c',
      is_high: false,
      payment_method: 'BANK_TRANSFER',
      status: 'PAID',
      merchant_name: 'Sinar Net',
      amount: 165000,
      paid_amount: 165000,
      bank_code: 'BCA',
      paid_at: '2026-12-05T03:15:00.000Z',
      currency: 'IDR',
      payment_channel: 'BCA',
    };
    expect(xenditCallbackSchema.parse(paid)).toMatchObject({ status: 'PAID', paid_amount: 165000, bank_code: 'BCA' });
    for (const missing of ['id', 'external_id', 'status'] as const) {
      const { [missing]: _gone, ...rest } = paid;
      expect(xenditCallbackSchema.safeParse(rest).success).toBe(false);
    }
    expect(xenditCallbackSchema.safeParse({ ...paid, paid_amount: '165000' }).success).toBe(false);
  });
});
