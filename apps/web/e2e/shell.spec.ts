import { expect, test } from './fixtures';
import { OWNER, signIn } from './sign_in';

test('the shell shows the dashboard and every backend ready', async ({ page }) => {
  await signIn(page, OWNER);
  await expect(page.getByRole('heading', { name: 'Dasbor' })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'main' }).getByRole('link', { name: 'Status sistem' })).toBeVisible();
  await expect(page.getByTestId('readiness')).toHaveText('Semua layanan siap', { timeout: 20_000 });
  await page.screenshot({ path: '../../.rrnet/screenshots/dashboard.png', fullPage: true });

  await page.getByRole('link', { name: 'Status sistem' }).click();
  await expect(page).toHaveURL(/\/system$/);
  for (const name of ['postgres', 'redis', 'worker']) {
    await expect(page.getByTestId(`status-${name}`)).toContainText('Siap');
  }
});

test('the language switch changes the UI and persists across reloads', async ({ page }) => {
  await signIn(page, OWNER);
  await expect(page.getByRole('heading', { name: 'Dasbor' })).toBeVisible();
  await page.getByLabel('Bahasa', { exact: true }).selectOption('en');
  await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible();
  await expect(page.getByTestId('readiness')).toHaveText('All services ready', { timeout: 20_000 });
  await page.screenshot({ path: '../../.rrnet/screenshots/dashboard_en.png', fullPage: true });
});

test('health endpoints answer in the spec envelope', async ({ request }) => {
  const live = await request.get('/api/health');
  expect(live.status()).toBe(200);
  expect(await live.json()).toMatchObject({ status: 'success', data: { status: 'alive' } });
  const ready = await request.get('/api/health/ready');
  expect(ready.status()).toBe(200);
  expect((await ready.json()).data.failed).toEqual([]);
});

test('pages carry the security headers and run without a Content-Security-Policy violation', async ({ page }) => {
  const violations: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to (load|execute|apply|connect|frame)/i.test(m.text())) violations.push(m.text());
  });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => console.error(`Refused to load (CSP) ${e.violatedDirective} ${e.blockedURI}`));
  });
  const res = await page.goto('/login');
  const headers = res!.headers();
  expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
  expect(headers['content-security-policy']).toContain("object-src 'none'");
  expect(headers['x-frame-options']).toBe('DENY');
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['strict-transport-security']).toMatch(/^max-age=\d+/);
  expect(headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
  expect(headers['permissions-policy']).toContain('camera=()');
  expect(headers['cross-origin-opener-policy']).toBe('same-origin');
  expect(headers['cross-origin-resource-policy']).toBe('same-origin');
  await signIn(page, OWNER);
  for (const path of ['/customers', '/maps', '/billing/invoices', '/network/routers']) {
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  }
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  expect(violations).toEqual([]);
});
