/**
 * The billing, isolir, admin and platform pages at a phone's size (390×844, touch), in
 * Indonesian and English: each one renders its content and nothing scrolls sideways.
 */
import { expect, test } from './fixtures';
import type { Page } from './fixtures';
import { OWNER, PLATFORM_ADMIN, signIn } from './sign_in';
import { expectNoSidewaysScroll } from './layout';

test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

const SHOTS = '../../.rrnet/screenshots';

/** path → what shows that the page's content is there */
const TENANT_PAGES: [string, string, string][] = [
  ['payments', '/billing/payments', 'payment-row'],
  ['arrears', '/billing/arrears', 'arrears-row'],
  ['billing_settings', '/billing/settings', 'billing-settings'],
  ['isolir', '/isolir', 'isolir-history'],
  ['users', '/admin/users', 'user-row'],
  ['api_keys', '/admin/api-keys', 'api-keys-not-in-plan'],
  ['system', '/system', 'status-postgres'],
];

async function visitTenantPages(page: Page, lang: 'id' | 'en') {
  for (const [name, path, testId] of TENANT_PAGES) {
    await page.goto(path);
    await expect(page.getByTestId(testId).first()).toBeVisible({ timeout: 15_000 });
    await expectNoSidewaysScroll(page);
    await page.screenshot({ path: `${SHOTS}/phone_${name}_${lang}.png`, fullPage: true });
  }
  // an open invoice (record payment, payment link, void) and its print view
  await page.goto('/billing/invoices');
  await page.getByLabel('Status', { exact: true }).selectOption('unpaid');
  const row = page.locator('[data-testid="invoice-row"][data-status="unpaid"]').first();
  await expect(row).toBeVisible();
  await row.getByRole('link').first().click();
  await expect(page.getByTestId('record-payment')).toBeVisible();
  await expect(page.getByTestId('payment-link')).toBeVisible();
  await expectNoSidewaysScroll(page);
  await page.screenshot({ path: `${SHOTS}/phone_invoice_detail_${lang}.png`, fullPage: true });
  await page.getByTestId('print-link').click();
  await expect(page.getByTestId('invoice-print')).toBeVisible();
  await expectNoSidewaysScroll(page);
  await page.screenshot({ path: `${SHOTS}/phone_invoice_print_${lang}.png`, fullPage: true });
}

test('on a phone: payments, arrears, billing settings, isolir, an invoice and its print view, users, API keys, system (Indonesian, then English)', async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, OWNER);
  await visitTenantPages(page, 'id');
  await page.goto('/');
  await page.getByLabel('Bahasa', { exact: true }).selectOption('en');
  await expect(page.getByRole('heading', { name: 'Dashboard', level: 1 })).toBeVisible();
  await page.goto('/billing/payments');
  await expect(page.getByRole('heading', { name: 'Payments', level: 1 })).toBeVisible();
  await visitTenantPages(page, 'en');
});

test('on a phone: the payment void dialog fits the screen', async ({ page }) => {
  await signIn(page, OWNER);
  await page.goto('/billing/payments');
  await page.getByTestId('payment-row').first().getByRole('button', { name: /^Batalkan pembayaran / }).click();
  const dialog = page.getByTestId('confirm');
  await expect(dialog).toContainText('Tagihannya dibuka kembali');
  const box = await dialog.boundingBox();
  expect(box!.width).toBeLessThanOrEqual(390);
  await page.screenshot({ path: `${SHOTS}/phone_payment_void_id.png` });
  await dialog.getByRole('button', { name: 'Batal', exact: true }).click();
  await expect(dialog).toHaveCount(0);
});

test('on a phone: the dead letters and the system status for the platform admin', async ({ page }) => {
  await signIn(page, PLATFORM_ADMIN);
  await page.goto('/platform/dead-letters');
  await expect(page.getByTestId('dead-letters-empty')).toBeVisible();
  await expectNoSidewaysScroll(page);
  await page.screenshot({ path: `${SHOTS}/phone_dead_letters_id.png`, fullPage: true });
  await page.getByLabel('Bahasa', { exact: true }).selectOption('en');
  await expect(page.getByRole('heading', { name: 'Dead letters', level: 1 })).toBeVisible();
  await expectNoSidewaysScroll(page);
  await page.screenshot({ path: `${SHOTS}/phone_dead_letters_en.png`, fullPage: true });
});
