/**
 * The payment gateway procedures through the tRPC chain (owner of a seeded ISP with online
 * payments enabled), against the Xendit simulator: the status never returns a key; Xendit keys
 * are stored encrypted and audited; choosing a gateway is audited and refused (409) without
 * keys; invoices.paymentLink then answers a Xendit invoice whose payer returns to the invoice
 * page; a bad choice is a validation error.
 */
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invalidateEntitlements } from '@rrnet/core/saas/entitlements';
import { createXenditSimulator } from '@rrnet/payments/xendit_simulator';
import type { XenditSimulator } from '@rrnet/payments/xendit_simulator';
import { outcome, startHarness } from './api_harness';
import type { Harness } from './api_harness';

const SECRET_KEY = 'xnd_development_api_test_secret';
const CALLBACK_TOKEN = 'xendit-callback-token-api-test';
let h: Harness;
let owner: string;
let xendit: XenditSimulator;
let admin: postgres.Sql;

beforeAll(async () => {
  h = await startHarness();
  await h.system`INSERT INTO saas_feature_overrides (tenant_id, feature, enabled) VALUES (${h.tenantA}, 'payment_gateway', true)`;
  await invalidateEntitlements(h.services.redis, h.tenantA);
  admin = postgres(h.db.adminUrl, { max: 1, onnotice: () => {} });
  // a fresh ISP: no Xendit keys yet
  await admin`UPDATE tenant_settings SET xendit_secret_key_enc = NULL, xendit_callback_token_enc = NULL, payment_gateway = 'midtrans' WHERE tenant_id = ${h.tenantA}`;
  owner = (await h.login('owner@sinarnet.demo')).access_token;
  xendit = await createXenditSimulator({ accounts: [{ secret_key: SECRET_KEY, callback_token: CALLBACK_TOKEN, callback_url: 'http://127.0.0.1:9/unused' }] });
});
afterAll(async () => {
  await xendit?.close();
  await admin?.end();
  await h?.close();
});

const api = () => h.call(owner, { services: { ...h.services, xenditApiUrl: xendit.url, publicUrl: 'https://isp.example/' } });

describe('billing.gateway', () => {
  it('Xendit cannot be chosen before its keys are set; the status never carries a key', async () => {
    expect(await api().billing.gateway.get()).toEqual({
      gateway: 'midtrans',
      midtrans: { configured: false, production: false },
      xendit: { configured: false },
      callback_urls: { midtrans: 'https://isp.example/api/v1/billing/webhooks/midtrans/sinar-net', xendit: 'https://isp.example/api/v1/billing/webhooks/xendit/sinar-net' },
    });
    expect(await outcome(api().billing.gateway.select({ gateway: 'xendit' }))).toBe('CONFLICT');
    expect(await outcome(api().billing.gateway.select({ gateway: 'paypal' as never }))).toBe('VALIDATION_FAILED');
    expect(await outcome(api().billing.gateway.setXenditKeys({ secret_key: 'short', callback_token: CALLBACK_TOKEN }))).toBe('VALIDATION_FAILED');
  });

  it('stores the keys encrypted, audits the change and the choice, and payment links become Xendit invoices', async () => {
    expect(await api().billing.gateway.setXenditKeys({ secret_key: SECRET_KEY, callback_token: CALLBACK_TOKEN })).toEqual({ configured: true });
    const [row] = await admin<{ key: string; token: string }[]>`SELECT xendit_secret_key_enc AS key, xendit_callback_token_enc AS token FROM tenant_settings WHERE tenant_id = ${h.tenantA}`;
    expect(row!.key).not.toContain(SECRET_KEY);
    expect(row!.token).not.toContain(CALLBACK_TOKEN);
    const status = await api().billing.gateway.select({ gateway: 'xendit' });
    expect(status).toMatchObject({ gateway: 'xendit', midtrans: { configured: false, production: false }, xendit: { configured: true } });
    expect(JSON.stringify(status)).not.toContain(SECRET_KEY);
    const audit = await admin<{ action: string }[]>`
      SELECT action FROM sys_audit_logs WHERE tenant_id = ${h.tenantA} AND action IN ('payment_gateway.key_changed', 'payment_gateway.selected') ORDER BY id`;
    expect(audit.map((a) => a.action)).toEqual(['payment_gateway.key_changed', 'payment_gateway.selected']);

    const [inv] = await admin<{ id: string; number: string; outstanding: number }[]>`
      SELECT id, number, (total - paid_amount)::int AS outstanding FROM tenant_invoices WHERE tenant_id = ${h.tenantA} AND status IN ('unpaid', 'overdue') LIMIT 1`;
    const link = await api().billing.invoices.paymentLink({ id: inv!.id });
    expect(link).toMatchObject({ gateway: 'xendit', amount: inv!.outstanding, redirect_url: `${xendit.url}/web/invoices/${link.token}` });
    expect(xendit.invoices.get(link.token)).toMatchObject({ external_id: link.order_id, amount: inv!.outstanding, success_redirect_url: `https://isp.example/billing/invoices/${inv!.id}` });
  });

  it('a secret key Xendit refuses is 409, Xendit down is 503 with Retry-After', async () => {
    const [inv] = await admin<{ id: string }[]>`SELECT id FROM tenant_invoices WHERE tenant_id = ${h.tenantA} AND status IN ('unpaid', 'overdue') LIMIT 1`;
    await api().billing.gateway.setXenditKeys({ secret_key: 'xnd_development_unknown_key', callback_token: CALLBACK_TOKEN });
    expect(await outcome(api().billing.invoices.paymentLink({ id: inv!.id }))).toBe('CONFLICT');
    const down = h.call(owner, { services: { ...h.services, xenditApiUrl: 'http://127.0.0.1:9' } });
    expect(await outcome(down.billing.invoices.paymentLink({ id: inv!.id }))).toBe('SERVICE_UNAVAILABLE');
  });
});
