/**
 * The main journeys at a phone's size (390×844, touch): technicians work in the field.
 * The navigation sits behind the menu button; lists turn into cards; nothing scrolls
 * sideways.
 */
import { expect, test } from './fixtures';
import type { Page } from './fixtures';
import { OWNER, signIn } from './sign_in';
import { expectNoSidewaysScroll } from './layout';

test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

async function openMenuAndGo(page: Page, link: string) {
  await page.getByTestId('menu-button').click();
  await page.getByRole('navigation', { name: 'main' }).getByRole('link', { name: link, exact: true }).click();
  await expect(page.getByRole('navigation', { name: 'main' })).toHaveCount(0); // the drawer closed
}

test('on a phone: sign in, the dashboard, the customers list as cards, a customer, invoices', async ({ page }) => {
  await signIn(page, OWNER);
  await expect(page.getByTestId('stat-revenue')).toBeVisible({ timeout: 20_000 });
  await expectNoSidewaysScroll(page);
  await page.screenshot({ path: '../../.rrnet/screenshots/phone_dashboard.png', fullPage: true });

  await openMenuAndGo(page, 'Pelanggan');
  await expect(page.getByRole('heading', { name: 'Pelanggan', level: 1 })).toBeVisible();
  const rows = page.getByTestId('customer-row');
  await expect(rows.first()).toBeVisible();
  await expectNoSidewaysScroll(page);
  // a row is a card: its cells stack, each with its column's label
  const first = await rows.first().boundingBox();
  expect(first!.width).toBeLessThanOrEqual(390);
  await expect(rows.first().locator('td[data-label="Status"]')).toBeVisible();
  // search for the first customer by its code: the list narrows to it
  const code = (await rows.first().getAttribute('data-code'))!;
  await page.getByLabel('Cari', { exact: true }).fill(code);
  const match = page.locator(`[data-testid="customer-row"][data-code="${code}"]`);
  await expect(page.getByRole('heading', { level: 2 })).toHaveText('1 pelanggan'); // codes are unique
  await expect(rows).toHaveCount(1);
  await expect(match).toBeVisible();
  await page.screenshot({ path: '../../.rrnet/screenshots/phone_customers.png', fullPage: true });

  await match.getByRole('link').first().click();
  await expect(page).toHaveURL(/\/customers\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expectNoSidewaysScroll(page);

  await openMenuAndGo(page, 'Tagihan');
  await expect(page.getByRole('heading', { name: 'Tagihan', level: 1 })).toBeVisible();
  await expect(page.getByTestId('invoice-row').first()).toBeVisible();
});

test('on a phone: the language switch works from the top bar', async ({ page }) => {
  await signIn(page, OWNER);
  await page.getByLabel('Bahasa', { exact: true }).selectOption('en');
  await expect(page.getByRole('heading', { name: 'Dashboard', level: 1 })).toBeVisible();
  await openMenuAndGo(page, 'Customers');
  await expect(page.getByRole('heading', { name: 'Customers', level: 1 })).toBeVisible();
  await expectNoSidewaysScroll(page);
});

const MODULE_PAGES = [
  { path: '/customers/new', heading: { id: 'Pelanggan baru', en: 'New customer' }, shot: 'customer_new', ready: 'customer-form' },
  { path: '/customers/plans', heading: { id: 'Paket layanan', en: 'Service plans' }, shot: 'plans', ready: 'plan-row' },
  { path: '/customers/import', heading: { id: 'Impor pelanggan', en: 'Import customers' }, shot: 'import', ready: 'import-row' },
  { path: '/network/routers', heading: { id: 'Router', en: 'Routers' }, shot: 'routers', ready: 'router-row' },
  { path: '/network/topology', heading: { id: 'Topologi jaringan', en: 'Network topology' }, shot: 'topology', ready: 'topology-node' },
] as const;

for (const language of ['id', 'en'] as const) {
  test(`on a phone: the customer and network pages fit the screen (${language})`, async ({ page }) => {
    test.setTimeout(120_000); // seven pages, each with a full-page screenshot, on a loaded machine
    await signIn(page, OWNER);
    if (language === 'en') await page.getByLabel('Bahasa', { exact: true }).selectOption('en');
    for (const p of MODULE_PAGES) {
      await page.goto(p.path);
      await expect(page.getByRole('heading', { name: p.heading[language], level: 1 })).toBeVisible();
      await expect(page.getByTestId(p.ready).first()).toBeVisible();
      await expectNoSidewaysScroll(page);
      await page.screenshot({ path: `../../.rrnet/screenshots/phone_${p.shot}_${language}.png`, fullPage: true });
    }
    await page.goto('/network/routers');
    await page.getByTestId('router-row').first().getByRole('link').first().click();
    await expect(page.getByTestId('router-overview')).toBeVisible();
    await expectNoSidewaysScroll(page);
    await page.screenshot({ path: `../../.rrnet/screenshots/phone_router_detail_${language}.png`, fullPage: true });
  });
}
