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

/** A form in a dialog lays its fields out for the dialog's width, not the window's. */
async function expectDialogFits(page: Page, dialog: ReturnType<Page['getByRole']>, first: string, third: string, width: number) {
  await expectNoSidewaysScroll(page);
  const box = (await dialog.boundingBox())!;
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(width + 1);
  const a = (await dialog.getByLabel(first, { exact: true }).boundingBox())!;
  const c = (await dialog.getByLabel(third, { exact: true }).boundingBox())!;
  // at most two fields side by side: the group's third field starts a new row
  expect(c.y).toBeGreaterThan(a.y + a.height / 2);
  // and a field keeps a usable width (the four-column row of a wide page would leave ~100 px here)
  expect(a.width).toBeGreaterThanOrEqual(Math.min(180, box.width - 48));
}

test('forms in dialogs at phone and desktop width: adding a router, running billing', async ({ page }) => {
  test.setTimeout(90_000);
  await signIn(page, OWNER);
  await page.getByLabel('Bahasa', { exact: true }).selectOption('en');
  for (const size of WIDTHS) {
    await page.setViewportSize(size);
    await page.goto('/network/routers');
    await page.getByTestId('add-router').click();
    const dialog = page.getByRole('dialog');
    await expect(dialog.getByTestId('add-router-form')).toBeVisible();
    await expectDialogFits(page, dialog, 'Name', 'Port', size.width);
    await page.screenshot({ path: `${SHOTS}/dialog_add_router_en_${size.width}.png` });
    await page.keyboard.press('Escape');
    await expect(dialog).toHaveCount(0);

    await page.goto('/billing/invoices');
    await page.getByTestId('run-billing').click();
    const run = page.getByTestId('run-billing-dialog');
    await expect(run).toBeVisible();
    await expectNoSidewaysScroll(page);
    const box = (await run.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(size.width + 1);
    await page.screenshot({ path: `${SHOTS}/dialog_run_billing_en_${size.width}.png` });
    await page.keyboard.press('Escape');
  }
});

test('a long filter bar on a phone shows its search and keeps the other filters behind "More filters"', async ({ page }) => {
  await signIn(page, OWNER);
  await page.getByLabel('Bahasa', { exact: true }).selectOption('en');
  await page.setViewportSize(WIDTHS[0]);
  await page.goto('/customers');
  const bar = page.getByRole('search', { name: 'Filter customers' });
  await expect(bar.getByLabel('Search', { exact: true })).toBeVisible();
  await expect(bar.getByLabel('Status', { exact: true })).toBeHidden();
  await expect(page.getByTestId('customer-row').first()).toBeInViewport(); // the list starts on the first screen
  const more = bar.getByRole('button', { name: 'More filters' });
  await expect(more).toHaveAttribute('aria-expanded', 'false');
  await more.click();
  await bar.getByLabel('Status', { exact: true }).selectOption('active');
  await expect(page.locator('[data-testid="customer-row"]:not([data-status="active"])')).toHaveCount(0);
  await expect(page.getByTestId('customer-row').first()).toBeVisible();
  await expect(bar.getByRole('button', { name: 'Fewer filters' })).toHaveAttribute('aria-expanded', 'true');
  await expectNoSidewaysScroll(page);
  await page.screenshot({ path: `${SHOTS}/filters_phone_open_en.png` });
  // a desktop shows every filter, and no toggle
  await page.setViewportSize(WIDTHS[1]);
  await expect(bar.getByLabel('Sort', { exact: true })).toBeVisible();
  await expect(bar.getByRole('button', { name: /filters$/ })).toBeHidden();
});
