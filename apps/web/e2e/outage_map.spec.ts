/**
 * At a phone's size (390×844, touch): the map draws the open outage of the seed (its
 * affected area, a marker with the affected count, the markers it affects ringed) with a
 * legend entry and a list whose card opens the outage; the ISP's logo in its settings,
 * the sidebar and the subscriber portal's header (a new upload shows at once).
 */
import { expect, test } from './fixtures';
import { OWNER, signIn } from './sign_in';
import { expectNoSidewaysScroll } from './layout';

test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

const SHOTS = '../../.rrnet/screenshots';

/** A 24×24 PNG (the demo mark in red), as a browser would read a chosen file. */
const RED_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAABgAAAAYCAYAAADgdz34AAAAc0lEQVR4nGO4o6bGgIT/UwnDzaS2wRgW0cUCWhkOxiPAAkKAbAtIBSRZQIoLCanFsIAUw4nRw0CMQmKCBZc4VgtIjQdc+lEswGc4KUGDzieYiogNf7LyAa5wxqeGJAvwRTSx+kaQBeTi4WHB0K+TadpsAQD4OGVY131u3wAAAABJRU5ErkJggg==',
  'base64',
);

test('the map shows the open outage, its affected area and count; its card opens the outage', async ({ page }) => {
  await signIn(page, OWNER);
  await page.goto('/maps');
  await expect(page.getByTestId('map')).toBeVisible({ timeout: 20_000 });
  const cards = page.getByTestId('map-outage');
  await expect(cards.first()).toBeVisible({ timeout: 20_000 });
  await expect(cards.first().getByTestId('map-outage-affected')).toHaveText(/^\d+ pelanggan terdampak/);
  await expect(page.getByTestId('map-legend-outage')).toHaveText('Gangguan: area pelanggan terdampak');
  // the outage's marker carries its count on the map, and what it affects is ringed
  await expect(page.getByTestId('map').locator('.leaflet-tooltip').filter({ hasText: /terdampak/ }).first()).toBeVisible();
  await expect(page.getByTestId('map-feature').and(page.locator('[data-outage="open"]')).first()).toBeAttached({ timeout: 20_000 });
  await expectNoSidewaysScroll(page);
  await page.screenshot({ path: `${SHOTS}/phone_map_outage.png`, fullPage: true });

  const id = (await cards.first().getAttribute('data-id'))!;
  await cards.first().click();
  await expect(page).toHaveURL(new RegExp(`/outages/${id}$`), { timeout: 20_000 });
});

test('the portal header shows the ISP\'s logo; a new one uploaded in the settings shows in the sidebar and the portal', async ({ page }) => {
  // the seed's logo on the subscriber's sign-in page
  await page.goto('/portal/sinar-net');
  const portalLogo = page.getByTestId('portal-brand').getByTestId('isp-logo');
  await expect(portalLogo).toBeVisible({ timeout: 20_000 });
  await expect.poll(() => portalLogo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
  await expectNoSidewaysScroll(page);
  await page.screenshot({ path: `${SHOTS}/phone_portal_logo.png` });
  const seeded = (await portalLogo.getAttribute('src'))!;
  const original = await (await page.request.get(seeded)).body();

  await signIn(page, OWNER);
  await page.goto('/billing/settings');
  const card = page.getByTestId('logo-settings');
  await expect(card.getByTestId('logo-state')).toContainText('PNG', { timeout: 20_000 });
  await card.getByTestId('logo-file').setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: RED_PNG });
  await expect(card.getByTestId('isp-logo')).not.toHaveAttribute('src', seeded);
  const src = (await card.getByTestId('isp-logo').getAttribute('src'))!;
  expect(src).toMatch(/^\/api\/v1\/admin\/logos\/[0-9a-f-]{36}\?v=[0-9a-f]{16}$/);
  await expect(card.getByTestId('logo-state')).toHaveText(/PNG, 1 KB/);
  // an SVG is refused before it is sent
  await card.getByTestId('logo-file').setInputFiles({ name: 'logo.svg', mimeType: 'image/svg+xml', buffer: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>') });
  await expect(card.getByTestId('logo-problem')).toContainText('SVG');
  await expectNoSidewaysScroll(page);
  await page.screenshot({ path: `${SHOTS}/phone_logo_settings.png` });
  // the sidebar (behind the menu on a phone) has the new image
  await page.getByTestId('menu-button').click();
  await expect(page.getByRole('dialog').getByTestId('isp-logo')).toHaveAttribute('src', src);
  await page.keyboard.press('Escape');
  await page.goto('/portal/sinar-net');
  await expect(portalLogo).toHaveAttribute('src', src);

  // the seed's logo back, for the other specs' screenshots
  await page.goto('/billing/settings');
  await card.getByTestId('logo-file').setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: original });
  await expect(card.getByTestId('isp-logo')).toHaveAttribute('src', seeded);
});
