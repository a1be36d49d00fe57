/**
 * Outages against the worker and the WhatsApp simulator (scripts/e2e_server.mjs): the
 * owner declares an outage on an ODP; the worker's outage_propagation records the
 * customers below it and queues their notices (those also on the seed's open router
 * outage were told by it and are not told again); the detail shows the affected
 * customers and the notices' delivery; resolving tells them it is over and the outage
 * moves to the history with its duration. The dashboard card counts open outages. Then
 * everything in English and at phone size without sideways scrolling.
 * Serial: the later tests look at the outage the first one declared.
 */
import { expect, test } from './fixtures';
import type { Page } from './fixtures';
import { OWNER, mainNav, signIn } from './sign_in';
import { expectNoSidewaysScroll } from './layout';

const SHOTS = '../../.rrnet/screenshots';
/** the worker propagates and the simulator calls back within seconds; allow for a busy machine */
const WORKER_TIMEOUT = 60_000;
const FIRST_VISIT = { timeout: 20_000 };

test.describe.configure({ mode: 'serial' });

/** the total of a notices cell's per-status counts */
async function noticeTotal(page: Page, testId: string): Promise<number> {
  const counts = await page.getByTestId(testId).locator('[data-count]').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-count'))));
  return counts.reduce((a, b) => a + b, 0);
}

let outageId = '';
let outageUrl = '';

test('declare an outage on an ODP: the affected customers are recorded and told; resolving tells them it is over', async ({ page }) => {
  test.setTimeout(180_000);
  await signIn(page, OWNER);

  // the dashboard counts the seed's open router outage
  await expect(page.getByTestId('stat-open-outages')).toHaveAttribute('data-open', '1', FIRST_VISIT);

  await mainNav(page).getByRole('link', { name: 'Gangguan', exact: true }).click();
  await expect(page).toHaveURL(/\/outages$/, FIRST_VISIT);
  await expect(page.getByRole('heading', { name: 'Gangguan', level: 1 })).toBeVisible();
  await expect(page.getByTestId('outage-row')).toHaveCount(1);

  await page.getByTestId('outage-declare-button').click();
  const dialog = page.getByTestId('outage-declare');
  await expect(dialog).toBeVisible();
  // nothing chosen: the form refuses
  await dialog.getByRole('button', { name: 'Umumkan', exact: true }).click();
  await expect(dialog.getByLabel('Lokasi', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  const where = dialog.getByLabel('Lokasi', { exact: true });
  await expect(where.locator('optgroup[label="ODP"] option').first()).toBeAttached();
  const odp = (await where.locator('optgroup[label="ODP"] option').first().getAttribute('value'))!;
  await where.selectOption(odp);
  await dialog.getByLabel('Judul', { exact: true }).fill('Kabel distribusi putus (e2e)');
  await dialog.getByLabel('Penyebab', { exact: true }).selectOption('fiber_cut');
  await dialog.getByLabel('Catatan', { exact: true }).fill('Tim lapangan menuju lokasi');
  await page.screenshot({ path: `${SHOTS}/outages_declare.png`, fullPage: true });
  await dialog.getByRole('button', { name: 'Umumkan', exact: true }).click();

  await expect(page).toHaveURL(/\/outages\/[0-9a-f-]{36}$/, FIRST_VISIT);
  outageUrl = new URL(page.url()).pathname;
  outageId = outageUrl.split('/').at(-1)!;
  const outage = page.getByTestId('outage');
  await expect(outage).toHaveAttribute('data-status', 'open');
  await expect(outage).toContainText('Kabel fiber putus');
  await expect(outage).toContainText('Tim lapangan menuju lokasi');

  // the worker records the customers below the ODP and queues their notices
  await expect(page.getByTestId('outage-affected-count')).not.toHaveAttribute('data-count', '0', { timeout: WORKER_TIMEOUT });
  const affected = Number(await page.getByTestId('outage-affected-count').getAttribute('data-count'));
  expect(affected).toBeGreaterThan(0);
  await expect(page.getByTestId('outage-customer-row')).toHaveCount(affected);
  await expect.poll(() => noticeTotal(page, 'outage-notices-started'), { timeout: WORKER_TIMEOUT }).toBeGreaterThan(0);
  const told = await noticeTotal(page, 'outage-notices-started');
  // customers on the seed's open router outage were told by it, never twice
  expect(told).toBeLessThanOrEqual(affected);
  await expect(page.locator('[data-testid="outage-customer-row"][data-notice]:not([data-notice=""])')).toHaveCount(told);
  await expect(page.getByTestId('outage-timeline').getByTestId('outage-event')).toHaveCount(2);
  // the simulator delivers them (the page follows while they are on their way)
  await expect(page.getByTestId('outage-notices-started').locator('[data-status="delivered"], [data-status="read"]').first()).toBeVisible({ timeout: WORKER_TIMEOUT });
  await page.screenshot({ path: `${SHOTS}/outages_detail_open.png`, fullPage: true });

  // one tap and a confirmation: resolved, the customers told once more
  await page.getByTestId('outage-resolve').click();
  await page.getByTestId('confirm').getByRole('button', { name: 'Selesaikan', exact: true }).click();
  await expect(outage).toHaveAttribute('data-status', 'resolved');
  await expect(page.getByTestId('outage-resolved-done')).toBeVisible();
  await expect(page.getByTestId('outage-resolve')).toHaveCount(0);
  await expect.poll(() => noticeTotal(page, 'outage-notices-resolved'), { timeout: WORKER_TIMEOUT }).toBe(told);
  await expect(page.getByTestId('outage-timeline').locator('[data-kind="resolved"]')).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/outages_detail_resolved.png`, fullPage: true });

  // the history lists it with its duration
  await page.getByRole('link', { name: '← Gangguan' }).click();
  await page.getByRole('tab', { name: 'Riwayat' }).click();
  const row = page.locator(`[data-testid="outage-row"][data-id="${outageId}"]`);
  await expect(row).toHaveAttribute('data-status', 'resolved');
  await expect(row).toContainText(/\d+ j \d+ mnt/);
  await page.screenshot({ path: `${SHOTS}/outages_history.png`, fullPage: true });
});

test('in English: the list, the outage and the dashboard card', async ({ page }) => {
  await signIn(page, OWNER);
  await page.getByLabel('Bahasa', { exact: true }).selectOption('en');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByTestId('stat-open-outages')).toContainText('Open outages', FIRST_VISIT);
  await page.screenshot({ path: `${SHOTS}/outages_dashboard_en.png`, fullPage: true });
  await mainNav(page).getByRole('link', { name: 'Outages', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Outages', level: 1 })).toBeVisible(FIRST_VISIT);
  await page.screenshot({ path: `${SHOTS}/outages_list_en.png`, fullPage: true });
  await page.goto(outageUrl);
  await expect(page.getByTestId('outage')).toContainText('Fibre cut');
  await expect(page.getByTestId('outage-timeline')).toContainText('Resolved');
  await page.screenshot({ path: `${SHOTS}/outages_detail_en.png`, fullPage: true });
  await page.getByLabel('Language', { exact: true }).selectOption('id');
  await expect(page.locator('html')).toHaveAttribute('lang', 'id');
});

test.describe('at phone size', () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

  test('declare and resolve at phone width; the pages fit (Indonesian and English)', async ({ page }) => {
    test.setTimeout(150_000);
    await signIn(page, OWNER);
    await page.getByTestId('menu-button').click();
    await page.getByRole('navigation', { name: 'main' }).getByRole('link', { name: 'Gangguan', exact: true }).click();
    await expect(page.getByRole('heading', { name: 'Gangguan', level: 1 })).toBeVisible(FIRST_VISIT);
    await expectNoSidewaysScroll(page);
    await page.screenshot({ path: `${SHOTS}/phone_outages_id.png`, fullPage: true });

    await page.getByTestId('outage-declare-button').click();
    const dialog = page.getByTestId('outage-declare');
    const where = dialog.getByLabel('Lokasi', { exact: true });
    await expect(where.locator('optgroup[label="ODC"] option').first()).toBeAttached();
    await where.selectOption((await where.locator('optgroup[label="ODC"] option').first().getAttribute('value'))!);
    await dialog.getByLabel('Judul', { exact: true }).fill('ODC mati listrik (e2e)');
    await dialog.getByLabel('Penyebab', { exact: true }).selectOption('power');
    await page.screenshot({ path: `${SHOTS}/phone_outages_declare_id.png`, fullPage: true });
    await dialog.getByRole('button', { name: 'Umumkan', exact: true }).click();
    await expect(page).toHaveURL(/\/outages\/[0-9a-f-]{36}$/, FIRST_VISIT);
    await expect(page.getByTestId('outage-affected-count')).not.toHaveAttribute('data-count', '0', { timeout: WORKER_TIMEOUT });
    await expectNoSidewaysScroll(page);
    await page.screenshot({ path: `${SHOTS}/phone_outage_detail_id.png`, fullPage: true });
    await page.getByTestId('outage-resolve').click();
    await page.getByTestId('confirm').getByRole('button', { name: 'Selesaikan', exact: true }).click();
    await expect(page.getByTestId('outage')).toHaveAttribute('data-status', 'resolved');

    await page.getByLabel('Bahasa', { exact: true }).selectOption('en');
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await page.goto(outageUrl);
    await expect(page.getByTestId('outage-customers')).toBeVisible(FIRST_VISIT);
    await expectNoSidewaysScroll(page);
    await page.screenshot({ path: `${SHOTS}/phone_outage_detail_en.png`, fullPage: true });
    await page.goto('/outages');
    await expect(page.getByRole('heading', { name: 'Outages', level: 1 })).toBeVisible();
    await expectNoSidewaysScroll(page);
    await page.screenshot({ path: `${SHOTS}/phone_outages_en.png`, fullPage: true });
    await page.goto('/');
    await expect(page.getByTestId('stat-open-outages')).toBeVisible();
    await expectNoSidewaysScroll(page);
    await page.screenshot({ path: `${SHOTS}/phone_outages_dashboard_en.png`, fullPage: true });
  });
});
