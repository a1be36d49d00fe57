/**
 * The subscriber portal in Chromium at phone size, against the worker and the WhatsApp
 * simulator (scripts/e2e_server.mjs): a technician declares an outage on an ODP; a
 * subscriber below it opens /portal/sinar-net on their phone, signs in with the code
 * WhatsApp brought (read from the simulator), sees the outage with its expected
 * restoration and opens a trouble report, which is linked to the outage; the technician
 * (an operator session, in another browser) resolves the outage; the subscriber sees it
 * resolved. Then the portal in Indonesian and English at 390 and 1280 wide, fitting the
 * width. Serial: the later tests sign in the subscriber the first one found.
 */
import type { Browser } from '@playwright/test';
import { expect, test } from './fixtures';
import type { Page } from './fixtures';
import { fillSignIn } from './sign_in';
import { expectNoSidewaysScroll } from './layout';

const SHOTS = '/work/wt/portal-shots';
const WA_SIM_PORT = Number(process.env.E2E_WA_SIM_PORT ?? 18790);
const TECHNICIAN = 'teknisi@sinarnet.demo';
/** the worker propagates, the outbox drains and the simulator answers within seconds; allow for a busy machine */
const WORKER_TIMEOUT = 90_000;
const FIRST_VISIT = { timeout: 20_000 };

test.describe.configure({ mode: 'serial' });
test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

interface SimMessage {
  to: string;
  text: string;
  template?: string | null;
}

async function simMessages(): Promise<SimMessage[]> {
  const response = await fetch(`http://127.0.0.1:${WA_SIM_PORT}/_sim/state`);
  if (!response.ok) throw new Error(`WhatsApp simulator on ${WA_SIM_PORT}: HTTP ${response.status}`);
  return ((await response.json()) as { messages: SimMessage[] }).messages;
}

/** The newest portal code the simulator received after `seen` messages. */
async function waitForCode(seen: number): Promise<string> {
  let code = '';
  await expect
    .poll(
      async () => {
        const fresh = (await simMessages()).slice(seen).filter((m) => /portal_code|kode masuk portal|portal code/i.test(`${m.template ?? ''} ${m.text}`));
        code = /\b(\d{6})\b/.exec(fresh.at(-1)?.text ?? '')?.[1] ?? '';
        return code;
      },
      { timeout: WORKER_TIMEOUT, intervals: [500, 1000, 2000] },
    )
    .not.toBe('');
  return code;
}

/** A technician's own browser (desktop), signed in to the operators' app. */
async function technicianPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await fillSignIn(page, TECHNICIAN, 'rrnet-demo-2026');
  await expect(page.getByRole('heading', { name: 'Dasbor', level: 1 })).toBeVisible(FIRST_VISIT);
  return page;
}

/** Signs a subscriber in on the portal with the code the WhatsApp simulator received. */
async function portalSignIn(page: Page, customerCode: string): Promise<void> {
  await page.goto('/portal/sinar-net');
  await expect(page.getByTestId('portal-sign-in')).toBeVisible(FIRST_VISIT);
  const seen = (await simMessages()).length;
  await page.getByTestId('portal-identifier').fill(customerCode);
  await page.getByTestId('portal-send-code').click();
  await expect(page.getByTestId('portal-code')).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/portal_code_step_${page.viewportSize()?.width ?? 0}.png`, fullPage: true });
  const code = await waitForCode(seen);
  await page.getByTestId('portal-code').fill(code);
  await page.getByTestId('portal-verify').click();
  await expect(page.getByTestId('portal-hello')).toBeVisible(FIRST_VISIT);
}

let customerCode = '';
let outageUrl = '';

/** unique per run: the outages spec may have declared others on the same ODP */
const TITLE = `Kabel ODP putus (e2e portal ${Date.now().toString(36)})`;

test('a subscriber of an affected ODP signs in with the WhatsApp code, sees the outage, reports it; the technician resolves it; the subscriber sees it resolved', async ({ page, browser }) => {
  test.setTimeout(300_000);
  // ── the technician declares an outage on an ODP, with an expected restoration ──
  const tech = await technicianPage(browser);
  await tech.goto('/outages');
  await expect(tech.getByRole('heading', { name: 'Gangguan', level: 1 })).toBeVisible(FIRST_VISIT);
  await tech.getByTestId('outage-declare-button').click();
  const dialog = tech.getByTestId('outage-declare');
  const where = dialog.getByLabel('Lokasi', { exact: true });
  await expect(where.locator('optgroup[label="ODP"] option').first()).toBeAttached();
  await where.selectOption((await where.locator('optgroup[label="ODP"] option').first().getAttribute('value'))!);
  await dialog.getByLabel('Judul', { exact: true }).fill(TITLE);
  await dialog.getByLabel('Penyebab', { exact: true }).selectOption('fiber_cut');
  const expected = new Date(Date.now() + 3 * 3600_000);
  const local = new Date(expected.getTime() - expected.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
  await dialog.getByLabel('Perkiraan pulih', { exact: true }).fill(local);
  await dialog.getByRole('button', { name: 'Umumkan', exact: true }).click();
  await expect(tech).toHaveURL(/\/outages\/[0-9a-f-]{36}$/, FIRST_VISIT);
  outageUrl = new URL(tech.url()).pathname;
  // the worker records the customers below the ODP; one who was told (a phone on file, active)
  const told = tech.locator('[data-testid="outage-customer-row"][data-notice]:not([data-notice=""])');
  await expect(told.first()).toBeVisible({ timeout: WORKER_TIMEOUT });
  customerCode = /[A-Z]+-\d{5}/.exec((await told.first().textContent()) ?? '')![0];

  // ── the subscriber, on their phone ──
  await portalSignIn(page, customerCode);
  // other specs may have left outages on this customer's area: this test's is found by its title
  const outage = page.getByTestId('portal-outage').filter({ hasText: TITLE });
  await expect(outage).toHaveAttribute('data-status', 'open');
  await expect(outage).toContainText('Kabel fiber putus');
  await expect(outage.getByTestId('portal-outage-expected')).toContainText('Perkiraan pulih:');
  await expectNoSidewaysScroll(page);
  await page.screenshot({ path: `${SHOTS}/portal_home_outage_390_id.png`, fullPage: true });

  // a trouble report from the portal: linked to the outage by itself
  await page.getByTestId('portal-tab-tickets').click();
  await page.getByTestId('portal-ticket-new').click();
  await page.getByTestId('portal-ticket-subject').fill('Internet mati sejak pagi');
  await page.getByLabel('Ceritakan masalahnya', { exact: true }).fill('Lampu LOS di modem merah.');
  await page.screenshot({ path: `${SHOTS}/portal_ticket_form_390_id.png`, fullPage: true });
  await page.getByTestId('portal-ticket-submit').click();
  await expect(page.getByTestId('portal-ticket-created')).toBeVisible();
  const detail = page.getByTestId('portal-ticket-detail');
  await expect(detail).toContainText('Internet mati sejak pagi');
  await expect(detail).toContainText(`Terkait gangguan: ${TITLE}`);
  await page.screenshot({ path: `${SHOTS}/portal_ticket_390_id.png`, fullPage: true });

  // ── the technician resolves the outage ──
  await tech.goto(outageUrl);
  await tech.getByTestId('outage-resolve').click();
  await tech.getByTestId('confirm').getByRole('button', { name: 'Selesaikan', exact: true }).click();
  await expect(tech.getByTestId('outage')).toHaveAttribute('data-status', 'resolved');
  await tech.context().close();

  // ── the subscriber sees it resolved ──
  await page.reload();
  await expect(outage).toHaveAttribute('data-status', 'resolved', FIRST_VISIT);
  await expect(outage).toContainText('Gangguan sudah teratasi');
  await page.screenshot({ path: `${SHOTS}/portal_home_resolved_390_id.png`, fullPage: true });
});

test('the portal in Indonesian and English, at 390 and 1280 wide', async ({ page }) => {
  test.setTimeout(240_000);
  // signed out: the sign-in page
  await page.goto('/portal/sinar-net');
  await expect(page.getByTestId('portal-sign-in')).toContainText('Kirim kode lewat WhatsApp', FIRST_VISIT);
  await expectNoSidewaysScroll(page);
  await page.screenshot({ path: `${SHOTS}/portal_sign_in_390_id.png`, fullPage: true });
  await page.getByLabel('Bahasa', { exact: true }).selectOption('en');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByTestId('portal-sign-in')).toContainText('Send code by WhatsApp');
  await page.screenshot({ path: `${SHOTS}/portal_sign_in_390_en.png`, fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
  await expectNoSidewaysScroll(page);
  await page.screenshot({ path: `${SHOTS}/portal_sign_in_1280_en.png`, fullPage: true });
  await page.getByLabel('Language', { exact: true }).selectOption('id');
  await expect(page.locator('html')).toHaveAttribute('lang', 'id');
  await expect(page.getByTestId('portal-sign-in')).toContainText('Kirim kode lewat WhatsApp');
  await page.screenshot({ path: `${SHOTS}/portal_sign_in_1280_id.png`, fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });

  await portalSignIn(page, customerCode);
  for (const [lang, invoices, profile] of [
    ['id', 'Tagihan', 'Profil'],
    ['en', 'Invoices', 'Profile'],
  ] as const) {
    if (lang === 'en') {
      await page.getByLabel('Bahasa', { exact: true }).selectOption('en');
      await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    }
    for (const width of [390, 1280]) {
      await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
      await page.getByTestId('portal-tab-service').click();
      await expect(page.getByTestId('portal-service')).toBeVisible();
      await expectNoSidewaysScroll(page);
      await page.screenshot({ path: `${SHOTS}/portal_service_${width}_${lang}.png`, fullPage: true });
      await page.getByTestId('portal-tab-invoices').click();
      await expect(page.getByTestId('portal-tab-invoices')).toHaveText(invoices);
      await expect(page.getByTestId('portal-invoice').first()).toBeVisible();
      await expectNoSidewaysScroll(page);
      await page.screenshot({ path: `${SHOTS}/portal_invoices_${width}_${lang}.png`, fullPage: true });
      await page.getByTestId('portal-tab-tickets').click();
      await expect(page.getByTestId('portal-ticket').first()).toBeVisible();
      await page.screenshot({ path: `${SHOTS}/portal_tickets_${width}_${lang}.png`, fullPage: true });
      await page.getByTestId('portal-tab-profile').click();
      await expect(page.getByTestId('portal-tab-profile')).toHaveText(profile);
      await expectNoSidewaysScroll(page);
      await page.screenshot({ path: `${SHOTS}/portal_profile_${width}_${lang}.png`, fullPage: true });
    }
  }
  // a printable invoice
  await page.getByTestId('portal-tab-invoices').click();
  await page.getByTestId('portal-invoice').first().getByRole('link').click();
  await expect(page.getByTestId('portal-invoice-print')).toBeVisible(FIRST_VISIT);
  await page.screenshot({ path: `${SHOTS}/portal_invoice_print_1280_en.png`, fullPage: true });
});
