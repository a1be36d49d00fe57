/**
 * WhatsApp notifications against the worker and the WhatsApp gateway simulator
 * (scripts/e2e_server.mjs): a test message sent from the gateway settings goes through
 * the outbox, the worker hands it to the simulator (sinar-net: the Cloud API), the
 * simulator's signed status callbacks mark it delivered, and the message and the log
 * say so. The template editor saves, refuses an unknown variable on the text field,
 * previews with a real customer and resets. Then the pages in English, a viewer's
 * masked numbers, and everything at phone size without sideways scrolling.
 * Serial: the later tests look at the message the first one sent.
 */
import { expect, test } from './fixtures';
import type { Page } from './fixtures';
import { DEMO_WA_GATEWAYS } from '@rrnet/whatsapp/demo';
import { OWNER, VIEWER, mainNav, signIn } from './sign_in';
import { expectNoSidewaysScroll } from './layout';

const WA_SIM_PORT = Number(process.env.E2E_WA_SIM_PORT ?? 18790);
const SHOTS = '../../.rrnet/screenshots';
/** the worker drains the outbox and the simulator calls back within seconds; allow for a busy machine */
const DELIVERY_TIMEOUT = 60_000;
const TEST_NUMBER = '0812 7700 4321';
const TEST_E164 = '+6281277004321';
/** a page's first visit on a freshly started server, on a loaded machine */
const FIRST_VISIT = { timeout: 20_000 };

test.describe.configure({ mode: 'serial' });

interface SimMessage {
  provider: string;
  to: string;
  callback_data: string | null;
  callbacks: { status: string; ok: boolean }[];
}

async function simMessages(): Promise<SimMessage[]> {
  const response = await fetch(`http://127.0.0.1:${WA_SIM_PORT}/_sim/state`);
  if (!response.ok) throw new Error(`WhatsApp simulator on ${WA_SIM_PORT}: HTTP ${response.status}`);
  return ((await response.json()) as { messages: SimMessage[] }).messages;
}

let messageId = '';
/** a customer with a delivered message (the first test finds one in the log) */
let customerId = '';

test('a test message from the gateway settings is delivered by the simulator and the log shows it', async ({ page }) => {
  test.setTimeout(150_000);
  await signIn(page, OWNER);

  await mainNav(page).getByRole('link', { name: 'Gateway WhatsApp', exact: true }).click();
  await expect(page).toHaveURL(/\/notifications\/settings$/, FIRST_VISIT);
  await expect(page.getByRole('heading', { name: 'Gateway WhatsApp', level: 1 })).toBeVisible();
  // sinar-net sends through the Cloud API with Fonnte as its fallback (the demo accounts)
  await expect(page.getByTestId('wa-gateway')).toHaveAttribute('data-kind', 'cloud');
  await expect(page.getByTestId('wa-settings')).toContainText('Fonnte');

  // a number the form refuses, then a good one
  const testCard = page.getByTestId('wa-test');
  await testCard.getByLabel('Nomor tujuan', { exact: true }).fill('12');
  await testCard.getByRole('button', { name: 'Kirim pesan uji' }).click();
  await expect(testCard.getByLabel('Nomor tujuan', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  await testCard.getByLabel('Nomor tujuan', { exact: true }).fill(TEST_NUMBER);
  await testCard.getByLabel('Isi pesan (opsional)', { exact: true }).fill('Uji e2e dari RRNet');
  await testCard.getByRole('button', { name: 'Kirim pesan uji' }).click();
  const queued = page.getByTestId('wa-test-queued');
  await expect(queued).toBeVisible();
  messageId = (await queued.getAttribute('data-id')) ?? '';
  expect(messageId).toMatch(/^[0-9a-f-]{36}$/);
  await page.screenshot({ path: `${SHOTS}/notifications_settings.png`, fullPage: true });

  // the message page refreshes itself until the simulator's callbacks arrive
  await page.getByTestId('wa-test-open').click();
  await expect(page).toHaveURL(new RegExp(`/notifications/messages/${messageId}$`), FIRST_VISIT);
  await expect(page.getByTestId('wa-message')).toHaveAttribute('data-status', /^(delivered|read)$/, { timeout: DELIVERY_TIMEOUT });
  await expect(page.getByTestId('wa-body')).toHaveText('Uji e2e dari RRNet');
  await expect(page.getByTestId('wa-phone')).toHaveText(TEST_E164); // the owner may read personal data
  await expect(page.getByTestId('wa-message')).toContainText('WhatsApp Cloud API');
  const events = page.getByTestId('wa-event');
  await expect(events.first()).toHaveAttribute('data-kind', 'created');
  await expect(page.getByTestId('wa-timeline').locator('[data-kind="sent"]')).toBeVisible();
  await expect(page.getByTestId('wa-timeline').locator('[data-kind="delivered"]')).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/notifications_message.png`, fullPage: true });

  // the simulator got exactly this one, through the Cloud API, and called back
  const sent = (await simMessages()).filter((m) => m.callback_data === messageId);
  expect(sent).toHaveLength(1);
  expect(sent[0]!.provider).toBe('cloud');
  expect(sent[0]!.to.replace(/^\+/, '')).toBe(TEST_E164.slice(1));
  expect(sent[0]!.callbacks.some((c) => c.status === 'delivered' && c.ok)).toBe(true);

  // the log: the row, filters, the delivery figures
  await mainNav(page).getByRole('link', { name: 'Pesan WhatsApp', exact: true }).click();
  await expect(page).toHaveURL(/\/notifications$/, FIRST_VISIT);
  await expect(page.getByRole('heading', { name: 'Pesan WhatsApp', level: 1 })).toBeVisible();
  const row = page.locator(`[data-testid="wa-message-row"][data-id="${messageId}"]`);
  await expect(row).toHaveAttribute('data-status', /^(delivered|read)$/);
  await expect(row).toContainText('Pesan uji');
  await expect(row).toContainText('Tanpa pelanggan');
  await expect(row.getByTestId('wa-status')).toHaveText(/^(Sampai|Dibaca)$/);
  await expect(page.getByTestId('stat-delivery-rate')).not.toContainText('—');
  await expect(page.getByTestId('delivery-chart').locator('[data-slot=chart-bar]').first()).toBeVisible();
  await expect(page.getByTestId('delivery-day').first()).toBeAttached();

  await page.getByLabel('Status', { exact: true }).selectOption('failed');
  await expect(row).toHaveCount(0);
  await page.getByLabel('Status', { exact: true }).selectOption('delivered');
  await page.getByLabel('Template', { exact: true }).selectOption('isolir_notice');
  await expect(row).toHaveCount(0);
  await page.getByRole('button', { name: 'Atur ulang' }).click();
  await expect(row).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/notifications_log.png`, fullPage: true });

  // a customer's page: their latest messages in the WhatsApp card (the test message has no
  // customer, so one of the ISP's delivered messages to a customer), linking to the log
  await page.getByLabel('Status', { exact: true }).selectOption('delivered');
  await expect(page.locator('[data-testid="wa-message-row"]:not([data-status="delivered"])')).toHaveCount(0);
  const customerMessageId = (await page.getByTestId('wa-message-row').filter({ has: page.locator('a[href^="/customers/"]') }).first().getAttribute('data-id')) ?? '';
  expect(customerMessageId).toMatch(/^[0-9a-f-]{36}$/);
  await page.locator(`[data-testid="wa-message-row"][data-id="${customerMessageId}"] a[href^="/customers/"]`).click();
  await expect(page).toHaveURL(/\/customers\/[0-9a-f-]{36}$/, FIRST_VISIT);
  customerId = page.url().split('/').at(-1)!;
  const waCard = page.getByTestId('customer-wa');
  await expect(waCard.getByRole('heading', { name: 'Pesan WhatsApp' })).toBeVisible();
  const customerMessage = waCard.locator(`[data-testid="customer-wa-message"][data-id="${customerMessageId}"]`);
  await expect(customerMessage).toHaveAttribute('data-status', 'delivered');
  await expect(customerMessage.getByTestId('wa-status')).toHaveText('Sampai');
  expect(await waCard.getByTestId('customer-wa-message').count()).toBeLessThanOrEqual(5);
  await expect(waCard.getByTestId('customer-wa-all')).toHaveAttribute('href', `/notifications?customer_id=${customerId}`);
  await page.screenshot({ path: `${SHOTS}/notifications_customer.png`, fullPage: true });

  // the dashboard: the delivery rate of the last 30 days (the test message counts), linking to the log
  await mainNav(page).getByRole('link', { name: 'Dasbor', exact: true }).click();
  const rateCard = page.getByTestId('stat-wa-delivery');
  await expect(rateCard).toContainText('Tingkat terkirim WhatsApp (30 hari)', FIRST_VISIT);
  await expect(rateCard.locator('[data-slot="stat-value"]')).toHaveText(/^\d{1,3}(,\d+)?\s?%$/);
  await expect(rateCard).toContainText(/\d+ sampai dari \d+ terkirim/);
  await expect(rateCard.getByRole('link', { name: 'Buka pesan WhatsApp' })).toHaveAttribute('href', '/notifications');
  await page.screenshot({ path: `${SHOTS}/notifications_dashboard.png`, fullPage: true });
});

test('the template editor saves, refuses an unknown variable on the field, previews with a customer and resets', async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, OWNER);
  await mainNav(page).getByRole('link', { name: 'Template pesan', exact: true }).click();
  await expect(page).toHaveURL(/\/notifications\/templates$/, FIRST_VISIT);
  await expect(page.getByRole('heading', { name: 'Template pesan', level: 1 })).toBeVisible();
  await expect(page.getByTestId('wa-template-row')).toHaveCount(20); // 10 codes (portal_code included) × id, en

  // a row opens its template in the editor
  await page.locator('[data-testid="wa-template-row"][data-code="restore_notice"][data-language="id"]').getByRole('link').first().click();
  await expect(page).toHaveURL(/code=restore_notice&language=id/);
  const editor = page.getByTestId('wa-editor');
  await expect(editor).toHaveAttribute('data-code', 'restore_notice');
  const body = editor.getByLabel('Isi template', { exact: true });
  await expect(body).toHaveValue(/^Halo \{\{name\}\}, layanan internet Anda sudah aktif kembali/);
  await expect(editor.getByTestId('wa-urgent')).toBeVisible(); // a required notice: no on/off

  // an unknown variable: the server refuses it, naming it under the text field
  await body.fill('Halo {{name}}, saldo Anda {{saldo}}.');
  await editor.getByRole('button', { name: 'Simpan template' }).click();
  await expect(body).toHaveAttribute('aria-invalid', 'true');
  await expect(editor.locator('[data-slot="field-error"]')).toContainText('Bukan variabel template ini: {{saldo}}; yang boleh: {{name}}');
  await expect(page.locator('[data-testid="wa-template-row"][data-code="restore_notice"][data-language="id"]')).toHaveAttribute('data-customised', 'false');

  // a good text with a variable inserted from the list; the preview follows the typing
  await body.fill('Halo {{name}}, internet Anda sudah menyala lagi. Salam - ');
  await editor.getByRole('button', { name: 'Sisipkan {{company_name}}' }).click();
  await expect(body).toHaveValue('Halo {{name}}, internet Anda sudah menyala lagi. Salam - {{company_name}}');
  await expect(body).not.toHaveAttribute('aria-invalid', 'true');
  const preview = page.getByTestId('wa-preview-body');
  await expect(preview).toContainText('internet Anda sudah menyala lagi. Salam - Sinar Net');
  await editor.getByRole('button', { name: 'Simpan template' }).click();
  await expect(page.getByTestId('wa-template-notice')).toHaveText('Template disimpan.');
  await expect(page.locator('[data-testid="wa-template-row"][data-code="restore_notice"][data-language="id"]')).toHaveAttribute('data-customised', 'true');

  // the preview with a real customer's data
  const previewCard = page.getByTestId('wa-preview');
  await previewCard.getByLabel('Cari pelanggan', { exact: true }).fill('SNJ-0000'); // sinar-net's first customers by code
  const choose = previewCard.getByLabel('Pilih pelanggan', { exact: true });
  await expect(choose.locator('option').nth(1)).toBeAttached();
  const option = await choose.locator('option').nth(1).textContent();
  const name = option!.replace(/ \(.*\)$/, '');
  await choose.selectOption({ index: 1 });
  await expect(previewCard.getByTestId('picked-customer')).toHaveValue(name);
  await expect(previewCard.getByTestId('wa-preview-source')).toHaveText(`Diisi data ${name}.`);
  await expect(preview).toContainText(`Halo ${name}, internet Anda sudah menyala lagi. Salam - Sinar Net`);
  await page.screenshot({ path: `${SHOTS}/notifications_templates.png`, fullPage: true });

  // back to the shipped text
  await editor.getByRole('button', { name: 'Kembalikan ke bawaan' }).click();
  await page.getByTestId('confirm').getByRole('button', { name: 'Kembalikan', exact: true }).click();
  await expect(page.getByTestId('wa-template-notice')).toHaveText('Template kembali ke teks bawaan.');
  await expect(body).toHaveValue(/^Halo \{\{name\}\}, layanan internet Anda sudah aktif kembali/);
  await expect(page.locator('[data-testid="wa-template-row"][data-code="restore_notice"][data-language="id"]')).toHaveAttribute('data-customised', 'false');
});

test('the owner edits the sending rules and types the gateway credentials in again; a test message goes through them', async ({ page }) => {
  test.setTimeout(150_000);
  await signIn(page, OWNER);
  await page.goto('/notifications/settings');
  const rules = page.getByTestId('wa-rules');
  await expect(rules.getByRole('heading', { name: 'Aturan pengiriman' })).toBeVisible(FIRST_VISIT);
  const field = (label: string) => rules.getByLabel(label, { exact: true });
  const original = {
    start: await field('Dari (JJ:MM)').inputValue(),
    end: await field('Sampai (JJ:MM)').inputValue(),
    reminders: await field('Hari pengingat').inputValue(),
  };

  // one quiet time without the other, and a day that is not a number: refused on the fields
  await field('Dari (JJ:MM)').fill('22:00');
  await field('Sampai (JJ:MM)').fill('');
  await field('Hari pengingat').fill('5, x');
  await rules.getByRole('button', { name: 'Simpan', exact: true }).click();
  await expect(field('Sampai (JJ:MM)')).toHaveAttribute('aria-invalid', 'true');
  await expect(field('Hari pengingat')).toHaveAttribute('aria-invalid', 'true');

  // then good values: saved, and the overview says so
  await field('Sampai (JJ:MM)').fill('06:00');
  await field('Hari pengingat').fill('5, 1');
  await rules.getByRole('button', { name: 'Simpan', exact: true }).click();
  await expect(page.getByTestId('wa-rules-saved')).toHaveText('Aturan pengiriman disimpan.');
  const overview = page.getByTestId('wa-settings');
  await expect(overview).toContainText('22:00–06:00');
  await expect(overview).toContainText('5 dan 1 hari sebelum jatuh tempo');
  await page.screenshot({ path: `${SHOTS}/notifications_settings_edit.png`, fullPage: true });

  // the gateway's credentials, typed in full (they are never shown): too short is refused on the field
  const credentials = page.getByTestId('wa-credentials');
  const demo = DEMO_WA_GATEWAYS['sinar-net']!.primary;
  if (demo.kind !== 'cloud') throw new Error('sinar-net sends through the Cloud API in the demo');
  await credentials.getByLabel('Ubah', { exact: true }).selectOption('gateway');
  await credentials.getByLabel('Gateway', { exact: true }).selectOption('cloud');
  await credentials.getByLabel('ID nomor telepon', { exact: true }).fill(demo.credentials.phone_number_id);
  await credentials.getByLabel('Access token', { exact: true }).fill('short');
  await credentials.getByLabel('App secret', { exact: true }).fill(demo.credentials.app_secret);
  await credentials.getByLabel('Token verifikasi webhook', { exact: true }).fill(demo.credentials.verify_token);
  await credentials.getByRole('button', { name: 'Simpan kredensial' }).click();
  await expect(credentials.getByLabel('Access token', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  await credentials.getByLabel('Access token', { exact: true }).fill(demo.credentials.access_token);
  await credentials.getByRole('button', { name: 'Simpan kredensial' }).click();
  await expect(page.getByTestId('wa-credentials-saved')).toHaveText('Gateway utama disimpan.');
  await expect(credentials.getByLabel('Access token', { exact: true })).toHaveValue(''); // never shown back
  await expect(page.getByTestId('wa-gateway')).toHaveAttribute('data-kind', 'cloud');

  // the stored credentials are the ones the worker uses: a test message is delivered through them
  const testCard = page.getByTestId('wa-test');
  await testCard.getByLabel('Nomor tujuan', { exact: true }).fill('0812 7700 4322');
  await testCard.getByRole('button', { name: 'Kirim pesan uji' }).click();
  const queued = page.getByTestId('wa-test-queued');
  await expect(queued).toBeVisible();
  const id = (await queued.getAttribute('data-id')) ?? '';
  await page.goto(`/notifications/messages/${id}`);
  await expect(page.getByTestId('wa-message')).toHaveAttribute('data-status', /^(delivered|read)$/, { timeout: DELIVERY_TIMEOUT });
  await expect(page.getByTestId('wa-message')).toContainText('WhatsApp Cloud API');

  // the rules back as they were
  await page.goto('/notifications/settings');
  await field('Dari (JJ:MM)').fill(original.start);
  await field('Sampai (JJ:MM)').fill(original.end);
  await field('Hari pengingat').fill(original.reminders);
  await rules.getByRole('button', { name: 'Simpan', exact: true }).click();
  await expect(page.getByTestId('wa-rules-saved')).toBeVisible();
});

test('in English; a viewer sees masked numbers and no gateway settings', async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, OWNER);
  await page.getByLabel('Bahasa', { exact: true }).selectOption('en');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await mainNav(page).getByRole('link', { name: 'WhatsApp messages', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'WhatsApp messages', level: 1 })).toBeVisible();
  const row = page.locator(`[data-testid="wa-message-row"][data-id="${messageId}"]`);
  await expect(row.getByTestId('wa-status')).toHaveText(/^(Delivered|Read)$/);
  await expect(row).toContainText('Test message');
  await expect(page.getByTestId('wa-stats')).toContainText('Last 30 days');
  await page.screenshot({ path: `${SHOTS}/notifications_log_en.png`, fullPage: true });
  await mainNav(page).getByRole('link', { name: 'Message templates', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Message templates', level: 1 })).toBeVisible();
  await expect(page.getByTestId('wa-editor')).toContainText('Invoice issued (Indonesian)');
  await expect(page.getByTestId('wa-preview-source')).toHaveText('Filled with sample data; choose a customer for their own.');
  await page.screenshot({ path: `${SHOTS}/notifications_templates_en.png`, fullPage: true });
  await mainNav(page).getByRole('link', { name: 'WhatsApp gateway', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'WhatsApp gateway', level: 1 })).toBeVisible();
  await expect(page.getByTestId('wa-settings')).toContainText('Messages this month');
  await page.goto(`/notifications/messages/${messageId}`);
  await expect(page.getByRole('heading', { name: 'Status history' })).toBeVisible();
  await expect(page.getByTestId('wa-timeline')).toContainText("Delivered to the subscriber's phone");
  await page.screenshot({ path: `${SHOTS}/notifications_message_en.png`, fullPage: true });

  // a viewer: the log with masked numbers, no gateway settings
  await page.getByLabel('Language', { exact: true }).selectOption('id');
  await expect(page.locator('html')).toHaveAttribute('lang', 'id');
  await page.context().clearCookies();
  await signIn(page, VIEWER);
  await expect(mainNav(page).getByRole('link', { name: 'Pesan WhatsApp', exact: true })).toBeVisible();
  await expect(mainNav(page).getByRole('link', { name: 'Gateway WhatsApp', exact: true })).toHaveCount(0);
  await mainNav(page).getByRole('link', { name: 'Pesan WhatsApp', exact: true }).click();
  await expect(page.getByTestId('pii-masked')).toBeVisible();
  const viewerRow = page.locator(`[data-testid="wa-message-row"][data-id="${messageId}"]`);
  await expect(viewerRow.getByTestId('wa-phone')).not.toHaveText(TEST_E164);
  await page.goto('/notifications/settings');
  await expect(page.getByTestId('no-permission')).toBeVisible();
});

test.describe('at phone size', () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

  async function openMenuAndGo(page: Page, link: string) {
    await page.getByTestId('menu-button').click();
    await page.getByRole('navigation', { name: 'main' }).getByRole('link', { name: link, exact: true }).click();
    await expect(page.getByRole('navigation', { name: 'main' })).toHaveCount(0);
  }

  test('the log, a message, the templates and the gateway fit a phone (Indonesian and English)', async ({ page }) => {
    test.setTimeout(150_000);
    await signIn(page, OWNER);
    for (const [lang, names] of [
      ['id', { log: 'Pesan WhatsApp', templates: 'Template pesan', settings: 'Gateway WhatsApp', dashboard: 'Dasbor', status: 'Status' }],
      ['en', { log: 'WhatsApp messages', templates: 'Message templates', settings: 'WhatsApp gateway', dashboard: 'Dashboard', status: 'Status' }],
    ] as const) {
      if (lang === 'en') {
        await page.getByLabel('Bahasa', { exact: true }).selectOption('en');
        await expect(page.locator('html')).toHaveAttribute('lang', 'en');
      }
      await openMenuAndGo(page, names.log);
      await expect(page.getByRole('heading', { name: names.log, level: 1 })).toBeVisible();
      const row = page.locator(`[data-testid="wa-message-row"][data-id="${messageId}"]`);
      await expect(row).toBeVisible();
      // a row is a card: each cell with its column's label
      await expect(row.locator(`td[data-label="${names.status}"]`)).toBeVisible();
      await expect(page.getByTestId('delivery-chart')).toBeVisible();
      await expectNoSidewaysScroll(page);
      await page.screenshot({ path: `${SHOTS}/phone_notifications_${lang}.png`, fullPage: true });

      await page.goto(`/notifications/messages/${messageId}`);
      await expect(page.getByTestId('wa-timeline')).toBeVisible();
      await expectNoSidewaysScroll(page);
      await page.screenshot({ path: `${SHOTS}/phone_notifications_message_${lang}.png`, fullPage: true });

      await openMenuAndGo(page, names.templates);
      await expect(page.getByTestId('wa-preview-body')).toBeVisible();
      await expectNoSidewaysScroll(page);
      await page.screenshot({ path: `${SHOTS}/phone_notifications_templates_${lang}.png`, fullPage: true });

      await openMenuAndGo(page, names.settings);
      await expect(page.getByTestId('wa-settings')).toBeVisible();
      await expectNoSidewaysScroll(page);
      await page.screenshot({ path: `${SHOTS}/phone_notifications_settings_${lang}.png`, fullPage: true });

      await openMenuAndGo(page, names.dashboard);
      await expect(page.getByTestId('stat-wa-delivery')).toContainText('%');
      await expectNoSidewaysScroll(page);
      await page.screenshot({ path: `${SHOTS}/phone_notifications_dashboard_${lang}.png`, fullPage: true });

      await page.goto(`/customers/${customerId}`);
      await expect(page.getByTestId('customer-wa').getByTestId('customer-wa-message').first()).toBeVisible(FIRST_VISIT);
      await expectNoSidewaysScroll(page);
      await page.screenshot({ path: `${SHOTS}/phone_notifications_customer_${lang}.png`, fullPage: true });
    }
  });
});
