/**
 * An ISP signs itself up (issue #17): the public /signup page (the browser solves the proof of
 * work, the slug is checked live), the WhatsApp code read from the gateway simulator (the
 * platform's own account), the owner lands on the dashboard signed in, ticks the first three
 * steps of the first-run checklist (billing settings, a service plan, a router at a free
 * simulated port, with the RouterOS steps shown), then ends its trial on the RRNet subscription
 * page — its first SaaS invoice is issued at once — and pays it online: "Pay" opens the Midtrans
 * simulator's Snap page (the platform's own merchant account), whose signed notification reaches
 * the platform webhook, and Midtrans sends the owner back to the page, which shows it paid. The
 * platform admin finds the new ISP in /platform/tenants, active, with that invoice as its last
 * payment. Screenshots of /signup, the checklist and the subscription page before and after
 * paying, id and en, at 390 and 1280 px.
 */
import { mkdirSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { signIn } from './sign_in';
import { expectNoSidewaysScroll } from './layout';

const RUN = Date.now();
const SLUG = `net-uji-${RUN}`;
const ISP = `Net Uji ${RUN}`;
const EMAIL = `owner-${RUN}@netuji.test`;
const PASSWORD = 'sandi-pemilik-2026';
const PHONE = `0813${String(RUN).slice(-8)}`;
const E164 = `+62${PHONE.slice(1)}`;
const WA_SIM_PORT = Number(process.env.E2E_WA_SIM_PORT ?? 18790);
const ROUTER_PORT = Number(process.env.E2E_ROUTER_SIM_BASE_PORT) + 5;
const MIDTRANS_SIM_PORT = Number(process.env.E2E_MIDTRANS_SIM_PORT ?? 18792);
const SHOTS = process.env.E2E_SHOTS_DIR ?? '../../.rrnet/screenshots';

test.describe.configure({ mode: 'serial' });

async function codeSentTo(e164: string): Promise<string> {
  let code: string | undefined;
  await expect
    .poll(
      async () => {
        const response = await fetch(`http://127.0.0.1:${WA_SIM_PORT}/_sim/state`);
        const messages = ((await response.json()) as { messages: { to: string; text: string }[] }).messages;
        code = /(\d{6})/.exec([...messages].reverse().find((m) => m.to === e164)?.text ?? '')?.[1];
        return code ?? null;
      },
      { timeout: 20_000 },
    )
    .not.toBeNull();
  return code!;
}

async function shoot(page: Page, name: string) {
  mkdirSync(SHOTS, { recursive: true });
  for (const lang of ['id', 'en'] as const) {
    if (lang === 'en') await page.getByLabel('Bahasa', { exact: true }).selectOption('en');
    await expect(page.locator('html')).toHaveAttribute('lang', lang);
    for (const width of [390, 1280]) {
      await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
      await expectNoSidewaysScroll(page);
      await page.screenshot({ path: `${SHOTS}/${name}_${lang}_${width}.png`, fullPage: true });
    }
  }
  await page.getByLabel('Language', { exact: true }).selectOption('id');
  await expect(page.locator('html')).toHaveAttribute('lang', 'id');
  await page.setViewportSize({ width: 1280, height: 900 });
}

test('a new ISP signs up with the WhatsApp code, completes three first steps, pays its first SaaS invoice online, and the platform sees it', async ({ page }) => {
  test.setTimeout(300_000);
  // from the sign-in page
  await page.goto('/login');
  await page.getByRole('link', { name: 'Daftarkan ISP Anda' }).click();
  await expect(page).toHaveURL(/\/signup$/);
  await expect(page.getByRole('heading', { name: 'Daftarkan ISP Anda', level: 1 })).toBeVisible({ timeout: 20_000 });
  // the slug follows the name and is checked live; a taken one says so
  await page.getByLabel('Alamat ISP').fill('sinar-net');
  await expect(page.getByTestId('slug-state')).toHaveAttribute('data-state', 'taken');
  await page.getByLabel('Alamat ISP').fill('');
  await shoot(page, 'signup');

  const form = page.getByTestId('signup-form');
  await form.getByLabel('Nama ISP').fill(ISP);
  await form.getByLabel('Alamat ISP').fill(SLUG);
  await expect(page.getByTestId('slug-state')).toHaveAttribute('data-state', 'available');
  await form.getByLabel('Nama pemilik').fill('Siti Rahayu');
  await form.getByLabel('E-mail').fill(EMAIL);
  await form.getByLabel('Nomor WhatsApp pemilik').fill(PHONE);
  await form.getByLabel('Kata sandi').fill(PASSWORD);
  await page.screenshot({ path: `${SHOTS}/signup_filled_id_1280.png`, fullPage: true });
  await page.getByTestId('signup-submit').click();

  await expect(page.getByRole('heading', { name: 'Masukkan kode dari WhatsApp', level: 1 })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText(`+62 •••• ${E164.slice(-4)}`)).toBeVisible();
  const code = await codeSentTo(E164);
  await page.setViewportSize({ width: 390, height: 844 });
  await expectNoSidewaysScroll(page);
  await page.screenshot({ path: `${SHOTS}/signup_code_id_390.png`, fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
  // a wrong code first: the page says how many attempts are left
  await page.getByLabel('Kode verifikasi').fill(code === '000000' ? '111111' : '000000');
  await page.getByTestId('signup-verify').click();
  await expect(page.getByTestId('signup-error')).toHaveText('Kode salah. Sisa percobaan: 4.');
  await page.getByLabel('Kode verifikasi').fill(code);
  await page.getByTestId('signup-verify').click();

  await expect(page).toHaveURL(/\/$/, { timeout: 30_000 });
  await expect(page.getByRole('heading', { name: 'Dasbor', level: 1 })).toBeVisible();
  await expect(page.getByTestId('tenant-line')).toContainText(ISP);
  const checklist = page.getByTestId('onboarding');
  await expect(checklist).toContainText('0 dari 6 selesai');
  await expect(page.getByTestId('routeros-steps')).toContainText('/ip service set www-ssl');
  await shoot(page, 'checklist');

  // 1. billing settings
  await checklist.getByTestId('onboarding-link-billing_settings').click();
  await expect(page).toHaveURL(/\/billing\/settings$/);
  const settings = page.getByTestId('billing-settings');
  await settings.getByLabel('Masa tenggang (hari)').fill('5');
  await settings.getByRole('button', { name: 'Simpan', exact: true }).click();
  await expect(page.getByTestId('settings-saved')).toBeVisible();

  // 2. the first service plan
  await page.goto('/');
  await checklist.getByTestId('onboarding-link-service_plan').click();
  await expect(page).toHaveURL(/\/customers\/plans$/);
  await page.getByRole('button', { name: 'Tambah paket' }).click();
  const plan = page.getByTestId('plan-form');
  await plan.getByLabel('Nama paket').fill('Rumah 10 Mbps');
  await plan.getByLabel('Profil router').fill('rumah-10');
  await plan.getByLabel('Unduh (Mbps)').fill('10');
  await plan.getByLabel('Unggah (Mbps)').fill('5');
  await plan.getByLabel('Harga per bulan (Rp)').fill('150.000');
  await plan.getByRole('button', { name: 'Tambah paket' }).click();
  await expect(page.getByTestId('plan-saved')).toHaveText('Paket Rumah 10 Mbps ditambahkan.');

  // 3. the first router, at a free simulated router
  await page.goto('/');
  await checklist.getByTestId('onboarding-link-router').click();
  await expect(page).toHaveURL(/\/network\/routers$/);
  await page.getByTestId('add-router').click();
  const router = page.getByTestId('add-router-form');
  await router.getByLabel('Nama', { exact: true }).fill('Router Utama');
  await router.getByLabel('Host', { exact: true }).fill('127.0.0.1');
  await router.getByLabel('Pakai TLS (HTTPS)').uncheck();
  await router.getByLabel('Port', { exact: true }).fill(String(ROUTER_PORT));
  await router.getByLabel('Nama pengguna API').fill('rrnet-api');
  await router.getByLabel('Kata sandi API').fill('e2e-router-password');
  await router.getByRole('button', { name: 'Tambah router' }).click();
  await expect(page.getByTestId('router-added')).toContainText('Router Router Utama ditambahkan');

  await page.goto('/');
  await expect(checklist).toContainText('3 dari 6 selesai');
  for (const step of ['billing_settings', 'service_plan', 'router']) await expect(checklist.getByTestId(`onboarding-${step}`)).toHaveAttribute('data-done', 'true');
  for (const step of ['customers', 'whatsapp', 'payment_gateway']) await expect(checklist.getByTestId(`onboarding-${step}`)).toHaveAttribute('data-done', 'false');
  await page.screenshot({ path: `${SHOTS}/checklist_three_done.png`, fullPage: true });

  // the owner ends the trial: the first SaaS invoice is issued at once
  await page.goto('/billing/subscription');
  await expect(page.getByRole('heading', { name: 'Langganan RRNet', level: 1 })).toBeVisible();
  await expect(page.getByTestId('subscription-plan')).toContainText('Uji coba');
  await expect(page.getByText('Belum ada tagihan SaaS.')).toBeVisible();
  await page.getByTestId('subscription-start-button').click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('Masa uji coba Anda berakhir hari ini');
  await dialog.getByRole('button', { name: 'Mulai dan terbitkan tagihan' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('saas-invoice-row')).toHaveCount(1);
  await expect(page.getByTestId('subscription-start')).toHaveCount(0);
  const invoice = page.getByTestId('saas-invoice-detail');
  await expect(invoice.getByTestId('saas-invoice-status')).toHaveText('Belum dibayar');
  const number = (await page.getByTestId('saas-invoice-row').first().locator('span.font-medium').first().textContent())!.trim();
  expect(number).toMatch(/^RRN-\d{6}-\d{5}$/);
  await expect(page.getByTestId('saas-pay-button')).toBeVisible();
  await shoot(page, 'subscription_open');

  // pays it through the platform's Midtrans account: Snap's page on the simulator, then back here
  await page.getByTestId('saas-pay-button').click();
  await expect(page).toHaveURL(new RegExp(`^http://127\\.0\\.0\\.1:${MIDTRANS_SIM_PORT}/snap/v4/redirection/`), { timeout: 20_000 });
  await expect(page.getByTestId('midtrans-order')).toContainText(`${number}.`);
  await page.getByTestId('midtrans-pay').click();
  await expect(page).toHaveURL(/\/billing\/subscription\?invoice=.+transaction_status=settlement/, { timeout: 20_000 });
  await expect(page.getByTestId('saas-pay-result')).toHaveText(`Tagihan ${number} sudah lunas. Terima kasih!`, { timeout: 20_000 });
  await expect(invoice.getByTestId('saas-invoice-status')).toHaveText('Lunas');
  await expect(invoice.getByTestId('saas-invoice-paid')).toContainText('Online (Midtrans)');
  await expect(page.getByTestId('saas-pay')).toHaveCount(0);
  await expect(page.getByTestId('subscription-plan')).toContainText('Aktif');
  await shoot(page, 'subscription_paid');

  // the platform admin sees the new ISP, paying, with that invoice paid online
  await page.context().clearCookies();
  await signIn(page, 'admin@rrnet.demo');
  await page.goto('/platform/tenants');
  const row = page.getByTestId('tenant-row').filter({ hasText: ISP });
  await expect(row).toBeVisible({ timeout: 20_000 });
  await expect(row).toContainText(SLUG);
  await expect(row.getByTestId('tenant-subscription')).toHaveAttribute('data-status', 'active');
  await row.getByRole('button', { name: `Lihat ${ISP}` }).click();
  const detail = page.getByTestId('tenant-detail');
  await expect(detail.getByTestId('tenant-open-invoices')).toHaveText('0');
  await expect(detail.getByTestId('tenant-last-payment')).toContainText(number);
  await expect(detail.getByTestId('tenant-last-payment')).toContainText('Online (Midtrans)');
  await page.screenshot({ path: `${SHOTS}/platform_tenant_paid_id_1280.png`, fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: `${SHOTS}/platform_tenant_paid_id_390.png`, fullPage: true });
  // and in the platform's SaaS invoice list
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto('/platform/saas-invoices');
  await expect(page.getByTestId('saas-invoice-row').filter({ hasText: number })).toContainText('Lunas', { timeout: 20_000 });
});
