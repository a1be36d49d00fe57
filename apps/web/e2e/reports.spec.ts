/**
 * Reports for both demo ISPs: the page from the navigation, a preset period and a custom
 * one (the range line says which days, the monthly chart's figures add up to the revenue
 * card, every ageing bucket is drawn), the previous-period change on the cards, English,
 * a technician (no entry, no permission, no download), exports (an XLSX of the customers
 * and a CSV of the period's invoices written by the worker's report_generation, announced
 * when ready, downloaded through the protected route), and everything at phone size
 * without sideways scrolling. Screenshots go to .rrnet/screenshots.
 */
import { expect, test } from './fixtures';
import type { Page } from './fixtures';
import { OWNER, mainNav, signIn } from './sign_in';
import { expectNoSidewaysScroll } from './layout';

const SHOTS = '../../.rrnet/screenshots';
const FIRST_VISIT = { timeout: 30_000 };
const OWNER_B = 'owner@parahyangan.demo';

/** The figures the page shows agree with each other once the charts have loaded. */
async function expectConsistentFigures(page: Page) {
  await expect(page.getByTestId('report-revenue-month').first()).toBeAttached(FIRST_VISIT);
  const revenue = Number(await page.getByTestId('report-stat-revenue').getAttribute('data-amount'));
  const months = await page.getByTestId('report-revenue-month').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-amount'))));
  expect(months.reduce((a, b) => a + b, 0)).toBe(revenue);
  await expect(page.getByTestId('report-ageing-bucket')).toHaveCount(4);
  const arrears = Number(await page.getByTestId('report-stat-arrears').getAttribute('data-amount'));
  const buckets = await page.getByTestId('report-ageing-bucket').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-amount'))));
  expect(buckets.reduce((a, b) => a + b, 0)).toBe(arrears);
}

async function openReports(page: Page, name: string) {
  await mainNav(page).getByRole('link', { name, exact: true }).click();
  await expect(page).toHaveURL(/\/reports$/, FIRST_VISIT);
  await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible();
  await expect(page.getByTestId('report-stat-revenue')).toBeVisible(FIRST_VISIT);
}

test('an owner reads a preset and a custom period, compared with the one before (Indonesian, then English)', async ({ page }) => {
  test.setTimeout(150_000);
  await signIn(page, OWNER);
  await openReports(page, 'Laporan');
  await expect(page.getByTestId('reports')).toHaveAttribute('data-preset', 'this_month');
  await expectConsistentFigures(page);

  await page.getByLabel('Periode', { exact: true }).selectOption('last_3_months');
  await expect(page.getByTestId('reports')).toHaveAttribute('data-preset', 'last_3_months');
  await expect(page.getByTestId('report-revenue-month')).toHaveCount(3);
  await expectConsistentFigures(page);
  // the demo has payments in the last three months, so revenue and its change are shown
  expect(Number(await page.getByTestId('report-stat-revenue').getAttribute('data-amount'))).toBeGreaterThan(0);
  await expect(page.getByTestId('report-delta-revenue')).toBeVisible();
  await expect(page.getByTestId('report-revenue-plan').first()).toBeVisible();
  // the nightly rollups day by day, today live; the seeded outages show as outage time
  const days = page.getByTestId('report-daily-day');
  await expect(days.last()).toHaveAttribute('data-source', 'live', FIRST_VISIT);
  expect(await days.count()).toBeGreaterThan(20);
  await expect(days.first()).toHaveAttribute('data-source', 'rollup');
  const outageDays = await days.evaluateAll((els) => els.filter((e) => Number(e.getAttribute('data-outage')) > 0).length);
  expect(outageDays).toBeGreaterThan(0);
  expect(Number(await page.getByTestId('report-stat-outages').getAttribute('data-minutes'))).toBeGreaterThan(0);
  await expect(page.getByTestId('report-stat-routers')).toContainText(/router/);
  await page.screenshot({ path: `${SHOTS}/reports_id.png`, fullPage: true });

  await page.getByLabel('Periode', { exact: true }).selectOption('custom');
  await page.getByLabel('Dari', { exact: true }).fill('2026-01-01');
  await page.getByLabel('Sampai', { exact: true }).fill('2026-01-31');
  await page.getByTestId('report-apply').click();
  await expect(page.getByTestId('reports')).toHaveAttribute('data-preset', 'custom');
  await expect(page.getByTestId('report-range')).toHaveAttribute('data-from', '2026-01-01');
  await expect(page.getByTestId('report-range')).toHaveAttribute('data-to', '2026-02-01');
  await expect(page.getByTestId('report-range')).toContainText('dibandingkan dengan');

  await page.getByLabel('Bahasa', { exact: true }).selectOption('en');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { name: 'Reports', level: 1 })).toBeVisible();
  await page.getByLabel('Period', { exact: true }).selectOption('last_12_months');
  await expect(page.getByTestId('report-revenue-month')).toHaveCount(12);
  await expectConsistentFigures(page);
  await expect(page.getByTestId('report-range')).toContainText('compared with');
  await page.screenshot({ path: `${SHOTS}/reports_en.png`, fullPage: true });
  await page.getByLabel('Language', { exact: true }).selectOption('id');
  await expect(page.locator('html')).toHaveAttribute('lang', 'id');
});

/** Asks for an export and waits for the worker to finish it; returns its download link. */
async function exportAndDownload(page: Page, kind: string, format: string): Promise<string> {
  const before = await page.getByTestId('report-export-row').count();
  await page.getByLabel('Data', { exact: true }).selectOption(kind);
  await page.getByLabel('Format', { exact: true }).selectOption(format);
  await page.getByTestId('report-export-request').click();
  await expect(page.getByTestId('report-export-row')).toHaveCount(before + 1, FIRST_VISIT);
  const row = page.getByTestId('report-export-row').first();
  await expect(row).toHaveAttribute('data-kind', kind);
  await expect(row).toHaveAttribute('data-status', 'completed', { timeout: 90_000 });
  const name = (await row.getByTestId('report-export-download').getAttribute('download'))!;
  expect(name).toMatch(new RegExp(`^${kind}-.*\\.${format}$`));
  // announced when ready
  await expect(page.getByText(`Ekspor Anda siap: ${name}`, { exact: true })).toBeVisible();
  await expect(row.getByTestId('report-export-progress')).toBeVisible();
  return (await row.getByTestId('report-export-download').getAttribute('href'))!;
}

test('the other ISP exports and downloads; a technician has no reports', async ({ page }) => {
  test.setTimeout(240_000);
  await signIn(page, OWNER_B);
  await openReports(page, 'Laporan');
  const xlsx = await exportAndDownload(page, 'customers', 'xlsx');
  const file = await page.request.get(xlsx);
  expect(file.status()).toBe(200);
  expect(file.headers()['content-type']).toContain('spreadsheetml');
  expect((await file.body()).subarray(0, 2).toString('latin1')).toBe('PK');
  const csv = await exportAndDownload(page, 'invoices', 'csv');
  const text = (await (await page.request.get(csv)).body()).toString('utf8');
  expect(text.split('\n')[0]).toContain('number,customer_code,customer_name');
  await page.screenshot({ path: `${SHOTS}/reports_exports_id.png`, fullPage: true });

  await page.getByLabel('Periode', { exact: true }).selectOption('last_3_months');
  await expect(page.getByTestId('report-revenue-month')).toHaveCount(3);
  await expectConsistentFigures(page);
  await page.screenshot({ path: `${SHOTS}/reports_parahyangan_id.png`, fullPage: true });

  await page.context().clearCookies();
  await signIn(page, 'teknisi@sinarnet.demo');
  await expect(mainNav(page).getByRole('link', { name: 'Laporan', exact: true })).toHaveCount(0);
  await page.goto('/reports');
  await expect(page.getByTestId('no-permission')).toBeVisible();
  // the download route asks the same chain: not this role, and not another ISP's file
  expect((await page.request.get(xlsx)).status()).toBe(403);
});

test.describe('at phone size', () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

  test('the reports fit a phone for both ISPs (Indonesian and English)', async ({ page }) => {
    test.setTimeout(150_000);
    for (const [who, slug] of [
      [OWNER, 'sinar'],
      [OWNER_B, 'parahyangan'],
    ] as const) {
      await page.context().clearCookies();
      await signIn(page, who);
      for (const [lang, name] of [
        ['id', 'Laporan'],
        ['en', 'Reports'],
      ] as const) {
        if (lang === 'en') {
          await page.getByLabel('Bahasa', { exact: true }).selectOption('en');
          await expect(page.locator('html')).toHaveAttribute('lang', 'en');
        }
        await page.getByTestId('menu-button').click();
        await openReports(page, name);
        await expectConsistentFigures(page);
        await expect(page.getByTestId('report-growth-chart')).toBeVisible();
        await expectNoSidewaysScroll(page);
        await page.screenshot({ path: `${SHOTS}/phone_reports_${slug}_${lang}.png`, fullPage: true });
      }
      await page.getByLabel('Language', { exact: true }).selectOption('id');
      await expect(page.locator('html')).toHaveAttribute('lang', 'id');
    }
  });
});
