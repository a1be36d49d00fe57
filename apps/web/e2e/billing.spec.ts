/**
 * Billing and isolir against the worker and the RouterOS simulator (scripts/e2e_server.mjs):
 * a seeded customer overdue beyond the grace days is isolated by "Run sweep now" (the
 * simulated router's secret moves to the "isolir" profile), then billing staff record
 * payments for its open invoices and the worker restores it (the plan's profile again).
 * Then the invoice list, detail, print view, payments, arrears, isolir, billing settings
 * and the dashboard's billing cards render; a viewer gets "no permission" where due.
 * Serial: the pages shown later include what the first test changed.
 */
import { expect, test } from './fixtures';
import type { Page } from './fixtures';
import { OWNER, VIEWER, mainNav, signIn } from './sign_in';
import { expectNoSidewaysScroll } from './layout';

const BILLING = 'billing@sinarnet.demo';
const SIM_BASE_PORT = Number(process.env.E2E_ROUTER_SIM_BASE_PORT);
/** sinar-net's routers on the simulator (tenant 0: base + router index) */
const ROUTER_PORTS: Record<string, number> = { 'CCR-Cakung': SIM_BASE_PORT, 'RB-Pulogadung': SIM_BASE_PORT + 1 };
const SHOTS = '../../.rrnet/screenshots';
/** the worker applies isolir jobs within seconds; allow for a busy queue */
const WORKER_TIMEOUT = 45_000;
/** the notice is queued when the router applied the change, then sent and called back */
const NOTICE_TIMEOUT = 60_000;

test.describe.configure({ mode: 'serial' });

interface SimSecret {
  name: string;
  profile: string;
  disabled: boolean;
}

async function simSecret(port: number, name: string): Promise<SimSecret | null> {
  const response = await fetch(`http://127.0.0.1:${port}/_sim/state`);
  if (!response.ok) throw new Error(`simulator on ${port}: HTTP ${response.status}`);
  const body = (await response.json()) as { secrets?: SimSecret[]; state?: { secrets?: SimSecret[] } };
  return (body.state?.secrets ?? body.secrets ?? []).find((s) => s.name === name) ?? null;
}

interface ArrearsRow {
  id: string;
  code: string;
  status: string;
  pending: boolean;
  days: number;
}

async function arrearsRows(page: Page): Promise<ArrearsRow[]> {
  return page.getByTestId('arrears-row').evaluateAll((rows) =>
    rows.map((r) => ({
      id: r.getAttribute('data-customer-id') ?? '',
      code: r.getAttribute('data-code') ?? '',
      status: r.getAttribute('data-status') ?? '',
      pending: r.getAttribute('data-isolir-pending') === 'true',
      days: Number(r.getAttribute('data-days-overdue')),
    })),
  );
}

function customerStatus(page: Page) {
  return page.getByTestId('customer-overview').getByTestId('customer-status');
}

/** This month in Asia/Jakarta, "YYYY-MM". */
function currentPeriod(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta', year: 'numeric', month: '2-digit' }).format(new Date()).slice(0, 7);
}

/**
 * The customer's WhatsApp card shows the notice delivered (the card does not poll: the page is
 * reloaded until the worker sent it and the simulator called back), and the log filtered to the
 * customer and the template lists it as delivered too.
 */
async function expectNoticeDelivered(page: Page, customer: string, template: 'isolir_notice' | 'restore_notice') {
  const notice = page.locator(`[data-testid="customer-wa-message"][data-template="${template}"]`).first();
  await expect(async () => {
    await page.goto(`/customers/${customer}`);
    await expect(notice).toHaveAttribute('data-status', /^(delivered|read)$/, { timeout: 5_000 });
  }).toPass({ timeout: NOTICE_TIMEOUT, intervals: [1_000, 2_000, 3_000] });
  await notice.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}/customer-${template}.png`, fullPage: true });
  const messageId = (await notice.getAttribute('data-id')) ?? '';
  await page.goto(`/notifications?customer_id=${customer}`);
  await page.getByLabel('Template', { exact: true }).selectOption(template);
  const row = page.locator(`[data-testid="wa-message-row"][data-id="${messageId}"]`);
  await expect(row).toHaveAttribute('data-status', /^(delivered|read)$/);
  await expect(row.getByTestId('wa-status')).toHaveText(/^(Sampai|Dibaca)$/);
}

let customerId = '';

test.beforeAll(() => {
  if (!Number.isInteger(SIM_BASE_PORT) || SIM_BASE_PORT <= 0) throw new Error('E2E_ROUTER_SIM_BASE_PORT is not set');
});

test('an overdue customer is isolated by the sweep and restored once its invoices are paid', async ({ page, browser }) => {
  test.setTimeout(360_000);
  await signIn(page, OWNER);

  // ── arrears: an active customer overdue beyond the 3 grace days ──
  await mainNav(page).getByRole('link', { name: 'Tunggakan', exact: true }).click();
  await expect(page).toHaveURL(/\/billing\/arrears$/);
  await expect(page.getByRole('heading', { name: 'Tunggakan', level: 1 })).toBeVisible();
  await expect(page.getByTestId('arrears-row').first()).toBeVisible();
  await expect(page.getByTestId('arrears-grace')).toContainText('3 hari');
  const rows = await arrearsRows(page);
  const candidate = rows.find((r) => r.status === 'active' && !r.pending && r.days > 3);
  if (!candidate) {
    throw new Error(
      `No active customer more than 3 days overdue in the seeded arrears (${rows.length} rows: ${rows.map((r) => `${r.code} ${r.status} ${r.days}d`).join(', ')}). ` +
        'The seed leaves about 60% of active customers’ latest invoice unpaid; those issued more than 13 days ago (10 due + 3 grace) are the candidates (the e2e worker runs no cron sweep).',
    );
  }
  customerId = candidate.id;
  const row = page.locator(`[data-testid="arrears-row"][data-customer-id="${customerId}"]`);
  await expect(row.getByTestId('customer-status')).toHaveText('Aktif');
  await page.screenshot({ path: `${SHOTS}/arrears.png`, fullPage: true });

  // the customer's PPPoE user and router (→ its simulated router's port)
  await row.getByTestId('arrears-customer').click();
  await expect(page).toHaveURL(new RegExp(`/customers/${customerId}$`));
  await expect(customerStatus(page)).toHaveAttribute('data-status', 'active');
  const username = (await page.getByTestId('customer-pppoe-username').textContent())?.trim() ?? '';
  const routerName = (await page.getByTestId('customer-facts').getByRole('link', { name: /^(CCR-Cakung|RB-Pulogadung)$/ }).textContent())?.trim() ?? '';
  const port = ROUTER_PORTS[routerName];
  expect(username).not.toBe('');
  expect(port, `router "${routerName}" of ${candidate.code}`).toBeDefined();
  await expect(page.getByTestId('customer-isolir')).toBeVisible();

  // ── "Run sweep now" queues the isolation; the worker applies it ──
  await mainNav(page).getByRole('link', { name: 'Isolir', exact: true }).click();
  await expect(page).toHaveURL(/\/isolir$/);
  await expect(page.getByRole('heading', { name: 'Isolir', level: 1 })).toBeVisible();
  await page.getByRole('button', { name: 'Jalankan pemeriksaan sekarang' }).click();
  const result = page.getByTestId('sweep-result');
  await expect(result).toBeVisible();
  await expect(result).toContainText('pelanggan diantrekan untuk diisolir');
  expect(Number(await result.getAttribute('data-requested'))).toBeGreaterThan(0);
  await expect(page.getByTestId('isolir-history-table')).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/isolir.png`, fullPage: true });

  // the customer's page follows the worker (the Isolir card polls while a request is pending)
  await page.goto(`/customers/${customerId}`);
  await expect(customerStatus(page)).toHaveAttribute('data-status', 'isolated', { timeout: WORKER_TIMEOUT });
  await expect(page.getByTestId('customer-isolir').getByTestId('isolation-event').first()).toHaveAttribute('data-status', 'applied');
  // router first, then the status: the secret is already on the isolir profile
  await expect.poll(async () => (await simSecret(port!, username))?.profile ?? null, { timeout: 15_000, intervals: [500, 1_000] }).toBe('isolir');

  // the customer is told: the isolir notice goes through the outbox to the WhatsApp simulator,
  // whose signed status callback marks it delivered, on the customer page and in the log
  await expectNoticeDelivered(page, customerId, 'isolir_notice');

  // ── billing staff pay every open invoice of the customer (amount = outstanding) ──
  const staffContext = await browser.newContext({ baseURL: test.info().project.use.baseURL });
  const staff = await staffContext.newPage();
  try {
    await signIn(staff, BILLING);
    await staff.goto(`/billing/invoices?customer_id=${customerId}`);
    await expect(staff.getByTestId('invoices-customer-filter')).toBeVisible();
    await expect(staff.getByTestId('invoice-row').first()).toBeVisible();
    const open = await staff
      .locator('[data-testid="invoice-row"][data-status="unpaid"], [data-testid="invoice-row"][data-status="overdue"]')
      .evaluateAll((els) => els.map((el) => el.getAttribute('data-id') ?? ''));
    expect(open.length, 'open invoices of the isolated customer').toBeGreaterThan(0);

    for (const [i, invoiceId] of open.entries()) {
      await staff.goto(`/billing/invoices/${invoiceId}`);
      const outstanding = staff.getByTestId('invoice-outstanding');
      await expect(outstanding).toBeVisible();
      const amount = await outstanding.getAttribute('data-amount');
      const form = staff.getByTestId('record-payment');
      await expect(form.getByLabel('Jumlah (Rp)')).toHaveValue(amount ?? '');
      await form.getByLabel('Cara bayar').selectOption(i % 2 === 0 ? 'cash' : 'bank_transfer');
      await form.getByRole('button', { name: 'Catat pembayaran' }).click();
      await expect(staff.getByTestId('payment-recorded')).toContainText('tagihan lunas');
      await expect(staff.getByTestId('invoice-overview').getByTestId('invoice-status')).toHaveAttribute('data-status', 'paid');
      await expect(outstanding).toHaveAttribute('data-amount', '0');
      await expect(staff.getByTestId('record-payment')).toHaveCount(0);
      const payment = staff.getByTestId('payment-row').first();
      await expect(payment.getByTestId('payment-status')).toHaveAttribute('data-status', 'completed');
      await expect(payment).toContainText('Anda');
      if (i === 0) await staff.screenshot({ path: `${SHOTS}/invoice-detail.png`, fullPage: true });
    }
  } finally {
    await staffContext.close();
  }

  // ── the settlement queued the restore; the worker puts the plan's profile back ──
  await page.goto(`/customers/${customerId}`);
  await expect(customerStatus(page)).toHaveAttribute('data-status', 'active', { timeout: WORKER_TIMEOUT });
  await expect(page.getByTestId('customer-isolir').getByTestId('isolation-event').first()).toHaveAttribute('data-action', 'restore');
  await expect
    .poll(async () => (await simSecret(port!, username))?.profile ?? null, { timeout: 15_000, intervals: [500, 1_000] })
    .toMatch(/^(?!isolir$).+/);
  expect((await simSecret(port!, username))?.disabled).toBe(false);
  await expectNoticeDelivered(page, customerId, 'restore_notice');

  // and it has left the arrears
  await page.goto('/billing/arrears');
  await expect(page.getByTestId('arrears-row').first()).toBeVisible();
  await expect(page.locator(`[data-testid="arrears-row"][data-customer-id="${customerId}"]`)).toHaveCount(0);
});

test('invoices: filters, Load more, detail with the payment link not in the plan, print view', async ({ page }) => {
  // a long journey (list, run, detail, print): 15 s on a quiet machine, past 30 s on a loaded one
  test.setTimeout(60_000);
  await signIn(page, OWNER);
  await mainNav(page).getByRole('link', { name: 'Tagihan', exact: true }).click();
  await expect(page).toHaveURL(/\/billing\/invoices$/);
  await expect(page.getByRole('heading', { name: 'Tagihan', level: 1 })).toBeVisible();
  const rows = page.getByTestId('invoice-row');
  await expect(rows.first()).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/invoices.png`, fullPage: true });

  const first = await rows.count();
  const more = page.getByRole('button', { name: 'Muat lebih banyak' });
  if (await more.isVisible()) {
    await more.click();
    await expect.poll(() => rows.count()).toBeGreaterThan(first);
  }

  await page.getByLabel('Status', { exact: true }).selectOption('overdue');
  await expect(rows.first()).toHaveAttribute('data-status', 'overdue');
  await expect(page.locator('[data-testid="invoice-row"]:not([data-status="overdue"])')).toHaveCount(0);
  await page.getByLabel('Status', { exact: true }).selectOption('');
  // the billing month: invoices issued this month (their number carries it)
  await page.getByLabel('Bulan tagihan', { exact: true }).fill(currentPeriod());
  const month = currentPeriod().replace('-', '');
  await expect(rows.first()).toHaveAttribute('data-number', new RegExp(`-${month}-`));
  await expect(page.locator(`[data-testid="invoice-row"]:not([data-number*="-${month}-"])`)).toHaveCount(0);
  await page.getByRole('button', { name: 'Atur ulang' }).click();

  // "Run billing" for today is idempotent: it reports what it issued (often nothing)
  await page.getByTestId('run-billing').click();
  const runDialog = page.getByTestId('run-billing-dialog');
  await expect(runDialog.getByLabel('Tanggal penagihan')).toHaveValue(/^\d{4}-\d{2}-\d{2}$/);
  await runDialog.getByRole('button', { name: 'Jalankan penagihan' }).click();
  await expect(runDialog.getByTestId('run-billing-result')).toContainText(/tagihan (baru|diterbitkan)/);
  await page.keyboard.press('Escape');
  await expect(runDialog).toHaveCount(0);

  // an open invoice: payment form, void, and the payment link "not in your plan"
  await page.getByLabel('Status', { exact: true }).selectOption('unpaid');
  await expect(rows.first()).toHaveAttribute('data-status', 'unpaid');
  const number = (await rows.first().getAttribute('data-number')) ?? '';
  await rows.first().getByRole('link', { name: number }).click();
  await expect(page).toHaveURL(/\/billing\/invoices\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { name: `Tagihan ${number}`, level: 1 })).toBeVisible();
  await expect(page.getByTestId('record-payment')).toBeVisible();
  await expect(page.getByTestId('void-invoice').getByRole('button', { name: 'Batalkan tagihan' })).toBeVisible();
  await expect(page.getByTestId('payment-link').getByTestId('not-in-plan')).toContainText('Pembayaran online tidak termasuk dalam paket Anda');
  // the breakdown: the seeded customer's whole period on its plan
  const line = page.getByTestId('invoice-lines').getByTestId('invoice-line');
  await expect(line).toHaveCount(1);
  await expect(line).toContainText(/^(Rumahan 10|Keluarga 20|Streaming 30|Bisnis 50) Mbps, /);
  const lineText = (await line.locator('td').first().textContent()) ?? '';

  // print view: outside the shell, company letterhead from the settings
  await page.getByTestId('print-link').click();
  await expect(page).toHaveURL(/\/billing\/invoices\/[0-9a-f-]{36}\/print$/);
  const sheet = page.getByTestId('invoice-print');
  await expect(sheet).toBeVisible();
  await expect(page.getByTestId('print-number')).toHaveText(number);
  await expect(page.getByTestId('print-company')).toContainText('Sinar Net Jakarta');
  await expect(page.getByTestId('print-company')).toContainText('Jl. Raya Bekasi No. 17');
  await expect(sheet).toContainText('Pajak (11%)');
  await expect(sheet.getByTestId('invoice-line')).toContainText(lineText);
  await expect(page.getByRole('navigation', { name: 'main' })).toHaveCount(0);
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByRole('button', { name: 'Cetak' })).toBeHidden();
  await page.screenshot({ path: `${SHOTS}/invoice-print.png`, fullPage: true });
  await page.emulateMedia({ media: 'screen' });
});

test('payments, isolir history, billing settings and the dashboard cards render (Indonesian and English)', async ({ page }) => {
  await signIn(page, OWNER);
  await mainNav(page).getByRole('link', { name: 'Pembayaran', exact: true }).click();
  await expect(page).toHaveURL(/\/billing\/payments$/);
  await expect(page.getByRole('heading', { name: 'Pembayaran', level: 1 })).toBeVisible();
  await expect(page.getByTestId('payment-row').first()).toBeVisible();
  await expect(page.getByTestId('payments-total')).toContainText('Rp');
  // pages of 50, newest first; earlier ones on demand
  const paymentRows = page.getByTestId('payment-row');
  const firstPage = await paymentRows.count();
  expect(firstPage).toBeLessThanOrEqual(50);
  if (firstPage === 50) {
    await page.getByTestId('payments-load-more').click();
    await expect.poll(() => paymentRows.count()).toBeGreaterThan(50);
  } else {
    await expect(page.getByTestId('payments-load-more')).toHaveCount(0);
  }
  // the columns fit the page: the table scrolls within itself, the page never sideways
  await expectNoSidewaysScroll(page);
  await page.screenshot({ path: `${SHOTS}/payments.png`, fullPage: true });
  // voiding asks for a reason first
  await page.getByTestId('payment-row').first().getByRole('button', { name: /^Batalkan pembayaran / }).click();
  await expect(page.getByTestId('confirm')).toContainText('Tagihannya dibuka kembali');
  await page.getByTestId('confirm').getByRole('button', { name: 'Batal', exact: true }).click();
  await expect(page.getByTestId('confirm')).toHaveCount(0);

  await mainNav(page).getByRole('link', { name: 'Isolir', exact: true }).click();
  await expect(page.getByTestId('isolation-event').first()).toBeVisible();

  await mainNav(page).getByRole('link', { name: 'Pengaturan tagihan', exact: true }).click();
  await expect(page).toHaveURL(/\/billing\/settings$/);
  const settings = page.getByTestId('billing-settings');
  await expect(settings.getByLabel('Masa tenggang (hari)')).toHaveValue('3');
  await expect(settings.getByLabel('Pajak (%)')).toHaveValue('11');
  await expect(settings.getByLabel('Cara isolir')).toHaveValue('profile');
  await expect(settings.getByLabel('Profil isolir')).toHaveValue('isolir');
  await expect(settings.getByRole('button', { name: 'Simpan', exact: true })).toBeDisabled();
  await settings.getByLabel('Masa tenggang (hari)').fill('5');
  await expect(settings.getByRole('button', { name: 'Simpan', exact: true })).toBeEnabled();
  await settings.getByRole('button', { name: 'Batalkan perubahan' }).click();
  await expect(settings.getByLabel('Masa tenggang (hari)')).toHaveValue('3');
  await page.screenshot({ path: `${SHOTS}/billing-settings.png`, fullPage: true });

  await mainNav(page).getByRole('link', { name: 'Dasbor', exact: true }).click();
  const summary = page.getByTestId('billing-summary');
  await expect(summary.getByTestId('stat-revenue')).toContainText('Rp');
  await expect(summary.getByTestId('stat-collection')).toContainText('%');
  await expect(summary.getByTestId('stat-overdue')).toContainText('tagihan');
  await expect(summary.getByTestId('stat-isolated')).toBeVisible();
  await expect(summary.getByTestId('revenue-chart')).toBeVisible();
  expect(await summary.getByTestId('revenue-day').count()).toBeGreaterThanOrEqual(28);
  await page.screenshot({ path: `${SHOTS}/dashboard-billing.png`, fullPage: true });

  await page.getByLabel('Bahasa', { exact: true }).selectOption('en');
  await expect(summary.getByRole('heading', { name: 'Revenue this month' })).toBeVisible();
  await expect(summary.getByTestId('stat-revenue')).toContainText('IDR');
  await expect(mainNav(page).getByRole('link', { name: 'Invoices', exact: true })).toBeVisible();
  await mainNav(page).getByRole('link', { name: 'Arrears', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Arrears', level: 1 })).toBeVisible();
  await page.getByLabel('Language', { exact: true }).selectOption('id');
  await expect(page.getByRole('heading', { name: 'Tunggakan', level: 1 })).toBeVisible();
});

test('a viewer reads invoices but cannot record payments or open the billing settings', async ({ page }) => {
  await signIn(page, VIEWER);
  await expect(mainNav(page).getByRole('link', { name: 'Tagihan', exact: true })).toBeVisible();
  await expect(mainNav(page).getByRole('link', { name: 'Pengaturan tagihan', exact: true })).toHaveCount(0);
  await page.goto('/billing/invoices');
  await expect(page.getByTestId('invoice-row').first()).toBeVisible();
  await expect(page.getByTestId('run-billing')).toHaveCount(0);
  await page.getByTestId('invoice-row').first().getByRole('link').first().click();
  await expect(page.getByTestId('invoice-overview')).toBeVisible();
  await expect(page.getByTestId('record-payment')).toHaveCount(0);
  await expect(page.getByTestId('void-invoice')).toHaveCount(0);

  await page.goto('/billing/settings');
  await expect(page.getByRole('heading', { name: 'Pengaturan tagihan', level: 1 })).toBeVisible();
  await expect(page.getByTestId('no-permission')).toContainText('Tidak ada izin');

  if (customerId) {
    await page.goto(`/customers/${customerId}`);
    const card = page.getByTestId('customer-isolir');
    await expect(card).toBeVisible();
    await expect(card.getByRole('button', { name: 'Isolir' })).toHaveCount(0);
  }
});
