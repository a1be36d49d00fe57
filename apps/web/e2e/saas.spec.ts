/**
 * The SaaS business pages (issue #17): the platform's SaaS invoices across ISPs (filter,
 * lines, recording a payment, the month's billing run) and the ISP owner's RRNet
 * subscription page with its own invoices — on a desktop and a phone, in both languages.
 */
import { expect, test } from './fixtures';
import { OWNER, PLATFORM_ADMIN, mainNav, signIn } from './sign_in';
import { expectNoSidewaysScroll } from './layout';

const SHOTS = '../../.rrnet/screenshots';

test('the platform admin lists SaaS invoices across ISPs, reads one’s lines, records its payment and runs the month', async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, PLATFORM_ADMIN);
  await mainNav(page).getByRole('link', { name: 'Tagihan SaaS', exact: true }).click();
  await expect(page).toHaveURL(/\/platform\/saas-invoices$/);
  await expect(page.getByRole('heading', { name: 'Tagihan SaaS', level: 1 })).toBeVisible();
  const rows = page.getByTestId('saas-invoice-row');
  // the seed: three months for each of the two demo ISPs
  await expect(rows.first()).toBeVisible();
  expect(await rows.count()).toBeGreaterThanOrEqual(6);
  await expect(rows.filter({ hasText: 'Sinar Net' }).first()).toBeVisible();
  await expect(rows.filter({ hasText: 'Parahyangan' }).first()).toBeVisible();

  await page.getByLabel('Status', { exact: true }).selectOption('open');
  await expect(rows.filter({ hasText: 'Lunas' })).toHaveCount(0);
  const open = rows.filter({ hasText: 'Belum dibayar' }).first();
  await expect(open).toBeVisible();
  const number = (await open.locator('td').first().locator('span').first().innerText()).trim();
  await open.getByRole('button', { name: 'Lihat' }).click();
  const detail = page.getByTestId('saas-invoice-detail');
  await expect(detail.getByRole('heading', { name: number })).toBeVisible();
  await expect(detail.locator('[data-testid="saas-invoice-line"][data-kind="plan"]')).toHaveCount(1);
  await expect(detail.getByTestId('saas-invoice-lines')).toContainText('Pajak (PPN 11%)');
  await expect(detail.getByTestId('saas-invoice-total')).toContainText('Rp');
  await page.screenshot({ path: `${SHOTS}/saas_invoices_id.png`, fullPage: true });

  const form = detail.getByTestId('record-saas-payment');
  await form.getByLabel('Metode', { exact: true }).selectOption('bank_transfer');
  await form.getByLabel('Referensi transfer atau kuitansi', { exact: true }).fill('BCA-E2E-01');
  await form.getByRole('button', { name: /^Catat Rp.* lunas$/ }).click();
  await expect(page.getByTestId('saas-notice')).toContainText(`Tagihan ${number} lunas`);
  // the list is filtered to open invoices: the paid one leaves it
  await expect(rows.filter({ hasText: number })).toHaveCount(0);
  await page.getByLabel('Status', { exact: true }).selectOption('paid');
  await rows.filter({ hasText: number }).getByRole('button', { name: 'Lihat' }).click();
  await expect(detail.getByTestId('saas-invoice-status')).toHaveText('Lunas');
  await expect(detail.getByTestId('saas-invoice-paid')).toContainText('Transfer bank, referensi BCA-E2E-01');
  await expect(detail.getByTestId('record-saas-payment')).toHaveCount(0);

  // the month's run: every ISP already has this month's invoice (seeded), so nothing new
  await page.getByTestId('saas-run-billing').click();
  await page.getByRole('dialog').getByRole('button', { name: 'Jalankan penagihan', exact: true }).click();
  await expect(page.getByTestId('saas-notice')).toContainText(/tagihan/);

  await page.getByLabel('Bahasa', { exact: true }).selectOption('en');
  await expect(page.getByRole('heading', { name: 'SaaS invoices', level: 1 })).toBeVisible();
  await page.getByLabel('Status', { exact: true }).selectOption('');
  await rows.first().getByRole('button', { name: 'Show' }).click();
  await expect(detail.getByTestId('saas-invoice-lines')).toContainText('Tax (PPN 11%)');
  await page.screenshot({ path: `${SHOTS}/saas_invoices_en.png`, fullPage: true });
});

test('the platform admin sees the ISPs with usage and MRR, and a downgrade that does not fit is refused with the limits it exceeds', async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, PLATFORM_ADMIN);
  await mainNav(page).getByRole('link', { name: 'ISP', exact: true }).click();
  await expect(page).toHaveURL(/\/platform\/tenants$/);
  await expect(page.getByTestId('mrr-total')).toContainText('Rp');
  // MRR by month as a chart: twelve months, the last one this month's live MRR
  const chart = page.getByTestId('platform-revenue-chart');
  await expect(chart.locator('[data-slot=chart-bar]').first()).toBeVisible();
  const months = chart.getByTestId('platform-revenue-month');
  await expect(months).toHaveCount(12);
  const liveMrr = Number(await months.last().getAttribute('data-mrr'));
  expect(liveMrr).toBeGreaterThan(0);
  await expect(page.getByTestId('mrr-total')).toContainText(new Intl.NumberFormat('id-ID').format(liveMrr));
  const rows = page.getByTestId('tenant-row');
  await expect(rows).toHaveCount(2);
  const sinar = rows.filter({ hasText: 'Sinar Net' });
  await expect(sinar).toContainText('Growth');
  await expect(sinar).toContainText(/\d+\/3\.?000 pelanggan/);
  await sinar.getByRole('button', { name: 'Lihat' }).click();
  const detail = page.getByTestId('tenant-detail');
  await expect(detail.getByTestId('tenant-plan')).toHaveText('Growth');
  await expect(detail.getByTestId('usage').locator('li')).toHaveCount(4);
  // Starter allows 5 users; the demo ISP has 6
  await detail.getByLabel('Paket baru', { exact: true }).selectOption({ label: 'Starter' });
  await detail.getByRole('button', { name: 'Ubah paket', exact: true }).click();
  const refused = detail.getByTestId('downgrade-refused');
  await expect(refused).toContainText('ISP ini memakai lebih dari yang diizinkan paket itu');
  await expect(refused).toContainText(/Pengguna: memakai \d+, paket mengizinkan 5/);
  await expect(detail.getByTestId('tenant-plan')).toHaveText('Growth');
  await page.screenshot({ path: `${SHOTS}/platform_tenants_id.png`, fullPage: true });

  await mainNav(page).getByRole('link', { name: 'Paket SaaS', exact: true }).click();
  await expect(page.getByTestId('plan-row')).toHaveCount(3);
  await page.getByTestId('plan-row').filter({ hasText: 'Starter' }).getByRole('button', { name: 'Ubah' }).click();
  await expect(page.getByTestId('plan-form').getByLabel('Harga per bulan (Rp)', { exact: true })).toHaveValue('250000');
  await page.screenshot({ path: `${SHOTS}/platform_plans_id.png`, fullPage: true });
  await page.getByLabel('Bahasa', { exact: true }).selectOption('en');
  await expect(page.getByRole('heading', { name: 'SaaS plans', level: 1 })).toBeVisible();
  await page.goto('/platform/tenants');
  await expect(page.getByRole('heading', { name: 'ISPs', level: 1 })).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/platform_tenants_en.png`, fullPage: true });
});

test('an ISP owner sees its own RRNet invoices; billing staff do not get the page', async ({ page }) => {
  await signIn(page, OWNER);
  await mainNav(page).getByRole('link', { name: 'Langganan RRNet', exact: true }).click();
  await expect(page).toHaveURL(/\/billing\/subscription$/);
  await expect(page.getByRole('heading', { name: 'Langganan RRNet', level: 1 })).toBeVisible();
  await expect(page.getByTestId('subscription-plan-name')).toContainText('Growth');
  await expect(page.getByTestId('subscription-plan').getByTestId('usage').locator('li')).toHaveCount(4);
  const rows = page.getByTestId('saas-invoice-row');
  await expect(rows.first()).toBeVisible();
  expect(await rows.count()).toBeGreaterThanOrEqual(3);
  // the newest is shown at once, with its lines
  await expect(page.getByTestId('saas-invoice-detail').getByTestId('saas-invoice-lines')).toContainText('Pajak (PPN 11%)');
  await rows.last().getByRole('button', { name: 'Lihat' }).click();
  await expect(page.getByTestId('saas-invoice-status')).toHaveText('Lunas');
  await page.screenshot({ path: `${SHOTS}/subscription_id.png`, fullPage: true });
});

test('billing staff have no RRNet subscription page', async ({ page }) => {
  await signIn(page, 'billing@sinarnet.demo');
  await expect(mainNav(page).getByRole('link', { name: 'Langganan RRNet', exact: true })).toHaveCount(0);
  await page.goto('/billing/subscription');
  await expect(page.getByTestId('no-permission')).toBeVisible();
});

test.describe('on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

  test('the SaaS invoice pages fit a phone, in Indonesian and English', async ({ page }) => {
    test.setTimeout(120_000);
    await signIn(page, PLATFORM_ADMIN);
    for (const lang of ['id', 'en'] as const) {
      if (lang === 'en') {
        await page.goto('/');
        await page.getByLabel('Bahasa', { exact: true }).selectOption('en');
        await expect(page.getByRole('heading', { name: 'Dashboard', level: 1 })).toBeVisible();
      }
      await page.goto('/platform/tenants');
      await page.getByTestId('tenant-row').first().getByRole('button').click();
      await expect(page.getByTestId('tenant-detail')).toBeVisible({ timeout: 15_000 });
      await expectNoSidewaysScroll(page);
      await page.screenshot({ path: `${SHOTS}/phone_platform_tenants_${lang}.png`, fullPage: true });
      await page.goto('/platform/plans');
      await expect(page.getByTestId('plan-row').first()).toBeVisible({ timeout: 15_000 });
      await expectNoSidewaysScroll(page);
      await page.goto('/platform/saas-invoices');
      await expect(page.getByTestId('saas-invoice-row').first()).toBeVisible({ timeout: 15_000 });
      await page.getByTestId('saas-invoice-row').first().getByRole('button').click();
      await expect(page.getByTestId('saas-invoice-detail')).toBeVisible();
      await expectNoSidewaysScroll(page);
      await page.screenshot({ path: `${SHOTS}/phone_saas_invoices_${lang}.png`, fullPage: true });
    }
  });

  test('the owner’s subscription page fits a phone', async ({ page }) => {
    await signIn(page, OWNER);
    await page.goto('/billing/subscription');
    await expect(page.getByTestId('saas-invoice-detail')).toBeVisible({ timeout: 15_000 });
    await expectNoSidewaysScroll(page);
    await page.screenshot({ path: `${SHOTS}/phone_subscription_id.png`, fullPage: true });
  });
});
