/**
 * Paying an invoice through Xendit, against the worker and the Xendit simulator
 * (scripts/e2e_server.mjs): Parahyangan Link's gateway is Xendit (the demo seed) and the
 * platform turns online payments on for it. Its owner sees the gateway in billing settings
 * (Xendit keys set, the callback URL), creates a payment link on an open invoice, the
 * customer pays on the simulator's page, the simulator's callback (x-callback-token) reaches
 * the callback route, payment_processing settles the invoice, and the invoice page says paid.
 * Screenshots of the settings at desktop and phone width, Indonesian and English.
 */
import { expect, test } from './fixtures';
import type { APIRequestContext } from '@playwright/test';
import type { Page } from './fixtures';
import { DEMO_PASSWORD, fillSignIn } from './sign_in';
import { expectNoSidewaysScroll } from './layout';

const SHOTS = process.env.XENDIT_SHOTS_DIR ?? '../../.rrnet/screenshots';
const OWNER_P = 'owner@parahyangan.demo';
/** the worker applies the callback within seconds; allow for a busy machine */
const SETTLE_TIMEOUT = 60_000;

test.describe.configure({ mode: 'serial' });

async function apiToken(request: APIRequestContext, email: string): Promise<string> {
  const res = await request.post('/api/v1/auth/login', { data: { email, password: DEMO_PASSWORD } });
  expect(res.status()).toBe(200);
  return ((await res.json()) as { data: { access_token: string } }).data.access_token;
}

/** The platform turns online payments on for Parahyangan Link (its plan lacks them). */
async function enableOnlinePayments(request: APIRequestContext): Promise<void> {
  const token = await apiToken(request, 'admin@rrnet.demo');
  const headers = { authorization: `Bearer ${token}` };
  const list = await request.get('/api/v1/platform/tenants', { headers });
  expect(list.status()).toBe(200);
  const tenants = ((await list.json()) as { data: { id: string; slug: string }[] }).data;
  const isp = tenants.find((t) => t.slug === 'parahyangan-link')!;
  const res = await request.put(`/api/v1/platform/tenants/${isp.id}/features`, { headers, data: { feature: 'payment_gateway', enabled: true, reason: 'e2e: Xendit payments' } });
  expect(res.status()).toBe(200);
}

async function signInP(page: Page) {
  await fillSignIn(page, OWNER_P, DEMO_PASSWORD);
  await expect(page).toHaveURL(/\/$/, { timeout: 20_000 });
}

test('billing settings show Xendit as the gateway, with its keys set and the callback URL (desktop and phone, id and en)', async ({ page, request }) => {
  test.setTimeout(120_000);
  await enableOnlinePayments(request);
  await signInP(page);
  for (const lang of ['id', 'en'] as const) {
    await page.goto('/billing/settings');
    if (lang === 'en') await page.getByLabel('Bahasa', { exact: true }).selectOption('en');
    await expect(page.getByRole('heading', { name: lang === 'id' ? 'Pengaturan tagihan' : 'Billing settings', level: 1 })).toBeVisible();
    const card = page.getByTestId('payment-gateway');
    await expect(card.getByTestId('gateway-current')).toHaveText('Xendit', { timeout: 20_000 });
    await expect(card.getByTestId('xendit-configured').locator('[data-configured="true"]')).toBeVisible();
    await expect(card.getByTestId('callback-url-xendit')).toHaveText(/\/api\/v1\/billing\/webhooks\/xendit\/parahyangan-link$/);
    await expect(card.getByRole('heading', { name: lang === 'id' ? 'Gateway pembayaran' : 'Payment gateway' })).toBeVisible();
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.screenshot({ path: `${SHOTS}/xendit_settings_desktop_${lang}.png`, fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await expectNoSidewaysScroll(page);
    await page.screenshot({ path: `${SHOTS}/xendit_settings_phone_${lang}.png`, fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });
  }
  // back to Indonesian for the next test
  await page.getByLabel('Language', { exact: true }).selectOption('id');
});

test('a customer pays an invoice on Xendit: the callback settles it and the invoice page says paid', async ({ page }) => {
  test.setTimeout(180_000);
  await signInP(page);
  await page.goto('/billing/invoices');
  await page.getByLabel('Status', { exact: true }).selectOption('unpaid');
  const row = page.locator('[data-testid="invoice-row"][data-status="unpaid"]').first();
  await expect(row).toBeVisible({ timeout: 20_000 });
  const number = (await row.getAttribute('data-number')) ?? '';
  await row.getByRole('link', { name: number }).click();
  await expect(page).toHaveURL(/\/billing\/invoices\/[0-9a-f-]{36}$/);
  const invoiceUrl = page.url();

  const card = page.getByTestId('payment-link');
  await card.getByRole('button', { name: 'Buat link pembayaran' }).click();
  await expect(card.getByTestId('payment-link-gateway')).toHaveAttribute('data-gateway', 'xendit');
  await expect(card.getByTestId('payment-link-gateway')).toHaveText('Melalui Xendit');
  await page.screenshot({ path: `${SHOTS}/xendit_invoice_link_id.png`, fullPage: true });
  const href = (await card.getByTestId('payment-link-url').getAttribute('href')) ?? '';
  expect(href).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/web\/invoices\/[0-9a-f]{24}$/);

  // the customer's side: the simulator's pay page, then back to the success URL (the invoice)
  await page.goto(href);
  await expect(page.getByTestId('xendit-amount')).toContainText('IDR');
  await page.locator('button[data-method="EWALLET"]').click();
  await expect(page).toHaveURL(invoiceUrl, { timeout: 20_000 });

  // the worker applies the callback: reload until the invoice is paid
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId('invoice-overview').locator('[data-status]').first()).toHaveAttribute('data-status', 'paid', { timeout: 2_000 });
  }).toPass({ timeout: SETTLE_TIMEOUT });
  await expect(page.getByTestId('payment-link')).toHaveCount(0);
  // the gateway's payment, with its Xendit receipt number
  await expect(page.getByText(/^XD-[0-9a-f]{24}$/)).toBeVisible({ timeout: 20_000 });
  await page.screenshot({ path: `${SHOTS}/xendit_invoice_paid_id.png`, fullPage: true });
});
