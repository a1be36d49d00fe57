/**
 * The audit trail page (issue #17, spec §9): the owner opens it from Administration,
 * filters sign-ins and data changes, opens an event's before/after values, verifies the
 * chain (intact, with the count) and downloads the CSV; the same in English and at phone
 * width without sideways scrolling; a technician has neither the link nor the page.
 */
import { readFile } from 'node:fs/promises';
import { expect, test } from './fixtures';
import { OWNER, PLATFORM_ADMIN, mainNav, signIn } from './sign_in';
import { expectNoSidewaysScroll } from './layout';

const SHOTS = process.env.E2E_SHOTS_DIR ?? '../../.rrnet/screenshots';
const FIRST_VISIT = { timeout: 20_000 };

test.describe.configure({ mode: 'serial' });

test('the owner filters the trail, opens values, verifies the chain and downloads the CSV', async ({ page }) => {
  test.setTimeout(150_000);
  await signIn(page, OWNER);
  await mainNav(page).getByRole('link', { name: 'Jejak audit', exact: true }).click();
  await expect(page).toHaveURL(/\/admin\/audit$/, FIRST_VISIT);
  await expect(page.getByRole('heading', { name: 'Jejak audit', level: 1 })).toBeVisible();
  await expect(page.getByTestId('audit-row').first()).toBeVisible(FIRST_VISIT);

  // sign-ins only: the owner's own sign-in is among them
  await page.getByLabel('Jenis', { exact: true }).selectOption('auth');
  await expect(page.locator('[data-testid="audit-row"]:not([data-category="auth"])')).toHaveCount(0);
  const signInRow = page.getByTestId('audit-row').filter({ hasText: 'auth.login_succeeded' }).first();
  await expect(signInRow).toContainText(OWNER);
  await signInRow.getByText('Lihat nilai').click();
  await expect(signInRow.getByTestId('audit-values').locator('table')).toContainText('user_agent');

  // data changes of one table, an UPDATE's changed fields first
  await page.getByLabel('Jenis', { exact: true }).selectOption('data');
  await page.getByLabel('Tabel', { exact: true }).fill('tenant_customers');
  await expect(page.locator('[data-testid="audit-row"]:not([data-table="tenant_customers"])')).toHaveCount(0);
  await expect(page.getByTestId('audit-row').first()).toBeVisible();
  await page.getByTestId('audit-values').first().locator('summary').click();
  await expect(page.getByTestId('audit-values').first().locator('table')).toBeVisible();

  // the chain of the whole trail, intact
  await page.getByRole('button', { name: 'Verifikasi rantai', exact: true }).click();
  const ok = page.getByTestId('audit-verify-ok');
  await expect(ok).toBeVisible({ timeout: 30_000 });
  await expect(ok).toContainText('Rantai utuh');
  await expect(ok).toContainText(/\d+ peristiwa diperiksa/);
  await page.screenshot({ path: `${SHOTS}/audit_id.png`, fullPage: true });

  // the CSV of the filtered events
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Ekspor CSV', exact: true }).click()]);
  expect(file.suggestedFilename()).toMatch(/^audit-isp-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = await readFile((await file.path())!, 'utf8');
  const lines = csv.replace(/^\uFEFF/, '').trim().split('\n');
  expect(lines[0]).toBe('id,occurred_at,occurred_local,category,action,table_name,row_id,actor_email,actor_name,request_id,changed_keys,old_values,new_values');
  expect(lines.length).toBeGreaterThan(1);
  expect(lines.slice(1).every((l) => /^\d+,[^,]+,[^,]+,data,(INSERT|UPDATE|DELETE),tenant_customers,/.test(l))).toBe(true);
  await expect(page.getByTestId('audit-export-done')).toContainText('diekspor');
});

test('in English', async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, OWNER);
  await page.getByLabel('Bahasa', { exact: true }).selectOption('en');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await mainNav(page).getByRole('link', { name: 'Audit trail', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Audit trail', level: 1 })).toBeVisible(FIRST_VISIT);
  await expect(page.getByTestId('audit-row').first()).toBeVisible(FIRST_VISIT);
  await page.getByLabel('Table', { exact: true }).fill('tenant_settings');
  await page.getByRole('button', { name: 'Verify chain', exact: true }).click();
  await expect(page.getByTestId('audit-verify-ok')).toContainText('The chain is intact', { timeout: 30_000 });
  await expect(page.getByTestId('audit-verify-ok')).toContainText('Period: the whole trail');
  await page.getByTestId('audit-values').first().locator('summary').click();
  await page.screenshot({ path: `${SHOTS}/audit_en.png`, fullPage: true });
  await page.getByLabel('Language', { exact: true }).selectOption('id');
  await expect(page.locator('html')).toHaveAttribute('lang', 'id');
});

test('the owner grants RRNet support access; the platform admin reads the trail until the owner revokes it', async ({ page, browser }) => {
  test.setTimeout(180_000);
  await signIn(page, OWNER);
  await page.goto('/admin/audit');
  const card = page.getByTestId('support-access');
  await expect(card.getByTestId('support-none')).toBeVisible(FIRST_VISIT);
  await card.getByLabel('Selama', { exact: true }).selectOption('24');
  await card.getByLabel('Alasan', { exact: true }).fill('Tiket RR-77: tagihan ganda');
  await card.getByRole('button', { name: 'Beri akses', exact: true }).click();
  await expect(card.getByTestId('support-active')).toContainText('Tiket RR-77: tagihan ganda');
  await expect(card.getByTestId('support-grant').first()).toHaveAttribute('data-state', 'active');
  await page.screenshot({ path: `${SHOTS}/support_access_id.png`, fullPage: true });

  // the platform admin, in a browser of their own, sees the grant and the ISP's latest events
  const admin = await browser.newPage();
  await signIn(admin, PLATFORM_ADMIN);
  await admin.goto('/platform/tenants');
  // the page settled first: its MRR chart is the last part to arrive, and the table moves down when it does
  await expect(admin.getByTestId('platform-revenue-chart').locator('[data-slot=chart-bar]').first()).toBeVisible(FIRST_VISIT);
  await admin.getByTestId('tenant-row').filter({ hasText: 'Sinar Net' }).getByRole('button', { name: 'Lihat' }).click();
  const support = admin.getByTestId('tenant-support');
  await expect(support.getByTestId('tenant-support-until')).toBeVisible(FIRST_VISIT);
  await expect(support.getByTestId('tenant-support-event').first()).toBeVisible();
  await admin.screenshot({ path: `${SHOTS}/platform_support_access_id.png`, fullPage: true });

  // the read is in the ISP's trail; revoking ends the access
  await page.reload();
  await page.getByLabel('Tindakan', { exact: true }).fill('support.audit_read');
  await expect(page.getByTestId('audit-row').first()).toContainText('support.audit_read');
  await card.getByRole('button', { name: 'Cabut sekarang', exact: true }).click();
  await expect(card.getByTestId('support-none')).toBeVisible();
  await admin.reload();
  await expect(admin.getByTestId('platform-revenue-chart').locator('[data-slot=chart-bar]').first()).toBeVisible(FIRST_VISIT);
  await admin.getByTestId('tenant-row').filter({ hasText: 'Sinar Net' }).getByRole('button', { name: 'Lihat' }).click();
  await expect(admin.getByTestId('tenant-support-none')).toBeVisible(FIRST_VISIT);
  await admin.close();
});

test('a technician has neither the link nor the page', async ({ page }) => {
  await signIn(page, 'teknisi@sinarnet.demo');
  await expect(mainNav(page).getByRole('link', { name: 'Jejak audit', exact: true })).toHaveCount(0);
  await page.goto('/admin/audit');
  await expect(page.getByTestId('no-permission')).toBeVisible(FIRST_VISIT);
});

test.describe('at phone size', () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

  test('the trail fits a phone (Indonesian and English)', async ({ page }) => {
    test.setTimeout(150_000);
    await signIn(page, OWNER);
    for (const [lang, names] of [
      ['id', { title: 'Jejak audit', verify: 'Verifikasi rantai', who: 'Pelaku' }],
      ['en', { title: 'Audit trail', verify: 'Verify chain', who: 'Who' }],
    ] as const) {
      if (lang === 'en') {
        await page.getByLabel('Bahasa', { exact: true }).selectOption('en');
        await expect(page.locator('html')).toHaveAttribute('lang', 'en');
      }
      await page.getByTestId('menu-button').click();
      await page.getByRole('navigation', { name: 'main' }).getByRole('link', { name: names.title, exact: true }).click();
      await expect(page.getByRole('heading', { name: names.title, level: 1 })).toBeVisible(FIRST_VISIT);
      await expect(page.getByTestId('audit-row').first()).toBeVisible(FIRST_VISIT);
      await page.getByRole('button', { name: names.verify, exact: true }).click();
      await expect(page.getByTestId('audit-verify-ok')).toBeVisible({ timeout: 30_000 });
      // one row, pinned by its id: the trail may gain a row meanwhile (the language change is
      // audited), and the fold a row kept from the Indonesian pass may still be open
      const rowId = await page.getByTestId('audit-row').first().getAttribute('data-id');
      const row = page.locator(`[data-testid="audit-row"][data-id="${rowId}"]`);
      // a row is a card: each cell with its column's label
      await expect(row.locator(`td[data-label="${names.who}"]`)).toBeVisible();
      const fold = row.getByTestId('audit-values');
      if (!(await fold.evaluate((el) => (el as HTMLDetailsElement).open))) await fold.locator('summary').click();
      await expect(fold.locator('table')).toBeVisible();
      await expectNoSidewaysScroll(page);
      await page.screenshot({ path: `${SHOTS}/phone_audit_${lang}.png`, fullPage: true });
      await row.scrollIntoViewIfNeeded();
      await page.screenshot({ path: `${SHOTS}/phone_audit_${lang}_values.png` });
    }
    await page.getByLabel('Language', { exact: true }).selectOption('id');
    await expect(page.locator('html')).toHaveAttribute('lang', 'id');
  });
});
