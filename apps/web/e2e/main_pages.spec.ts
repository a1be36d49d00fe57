/**
 * The four pages an operator lives in — dashboard, customers, a customer, an invoice — in
 * both languages at a phone's and a desktop's width: each says what it is in the page's
 * language, shows its content, fits the width, and is kept as a screenshot
 * (.rrnet/screenshots/main_<page>_<language>_<width>.png) for the closing note's review.
 */
import { expect, test } from './fixtures';
import type { Page } from './fixtures';
import { expectNoSidewaysScroll } from './layout';
import { OWNER, signIn } from './sign_in';

const SHOTS = '../../.rrnet/screenshots';
const WIDTHS = [
  { width: 390, height: 844 },
  { width: 1280, height: 900 },
] as const;

async function shoot(page: Page, name: string, language: 'id' | 'en') {
  for (const size of WIDTHS) {
    await page.setViewportSize(size);
    await expectNoSidewaysScroll(page);
    await page.screenshot({ path: `${SHOTS}/main_${name}_${language}_${size.width}.png`, fullPage: true });
  }
}

for (const language of ['id', 'en'] as const) {
  test(`dashboard, customers, a customer and an invoice at phone and desktop width (${language})`, async ({ page }) => {
    test.setTimeout(120_000);
    const en = language === 'en';
    await signIn(page, OWNER);
    if (en) await page.getByLabel('Bahasa', { exact: true }).selectOption('en');

    await expect(page.getByRole('heading', { name: en ? 'Dashboard' : 'Dasbor', level: 1 })).toBeVisible();
    await expect(page.getByTestId('revenue-chart').locator('svg[data-slot=chart-svg]')).toBeVisible();
    await shoot(page, 'dashboard', language);

    await page.goto('/customers');
    await expect(page.getByRole('heading', { name: en ? 'Customers' : 'Pelanggan', level: 1 })).toBeVisible();
    const customer = page.getByTestId('customer-row').first();
    await expect(customer).toBeVisible();
    await shoot(page, 'customers', language);

    const code = (await customer.getAttribute('data-code')) ?? '';
    await customer.getByRole('link', { name: code }).click();
    await expect(page).toHaveURL(/\/customers\/[0-9a-f-]{36}$/);
    await expect(page.getByRole('heading', { level: 1 }).getByTestId('customer-name')).not.toBeEmpty();
    await expect(page.getByText(code, { exact: false }).first()).toBeVisible();
    await shoot(page, 'customer_detail', language);

    await page.goto('/billing/invoices');
    const invoice = page.getByTestId('invoice-row').first();
    await expect(invoice).toBeVisible();
    const number = (await invoice.getAttribute('data-number')) ?? '';
    await invoice.getByRole('link', { name: number }).click();
    await expect(page.getByRole('heading', { name: `${en ? 'Invoice' : 'Tagihan'} ${number}`, level: 1 })).toBeVisible();
    await shoot(page, 'invoice_detail', language);
  });
}
