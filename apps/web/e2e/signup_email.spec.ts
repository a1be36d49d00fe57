/**
 * An ISP signs itself up with the code by e-mail (issue #17): on /signup the owner presses
 * "send the code by e-mail" (the e2e server runs an SMTP sink, so the platform sends e-mail), the code page
 * says where the code went (the address masked), "send again" waits its 30 seconds, a new
 * code replaces the first, and the code read from the sink's HTTP API signs the new owner in
 * on the dashboard. Screenshots of the form with both buttons and of the code page, id and en,
 * at 390 and 1280 px.
 */
import { mkdirSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { expectNoSidewaysScroll } from './layout';

const RUN = Date.now();
const SLUG = `surel-uji-${RUN}`;
const ISP = `Surel Uji ${RUN}`;
const EMAIL = `owner-${RUN}@surel.test`;
const PASSWORD = 'sandi-pemilik-2026';
const PHONE = `0815${String(RUN).slice(-8)}`;
const SINK = `http://127.0.0.1:${Number(process.env.E2E_SMTP_PORT ?? 18793) + 1}`;
const SHOTS = process.env.E2E_SHOTS_DIR ?? '../../.rrnet/screenshots';

/** the codes mailed to an address so far, oldest first (the sink's HTTP API) */
async function codesMailedTo(address: string): Promise<string[]> {
  const response = await fetch(`${SINK}/_sim/messages?to=${encodeURIComponent(address)}`);
  const messages = ((await response.json()) as { messages: { text: string }[] }).messages;
  return messages.map((m) => /\b(\d{6})\b/.exec(m.text)?.[1] ?? '');
}

async function nthCode(address: string, n: number): Promise<string> {
  await expect.poll(async () => (await codesMailedTo(address)).length, { timeout: 20_000 }).toBeGreaterThanOrEqual(n);
  return (await codesMailedTo(address))[n - 1]!;
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

test('a new ISP signs up with the code by e-mail, asking for it again once', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto('/signup');
  await expect(page.getByRole('heading', { name: 'Daftarkan ISP Anda', level: 1 })).toBeVisible({ timeout: 20_000 });
  const form = page.getByTestId('signup-form');
  await form.getByLabel('Nama ISP').fill(ISP);
  await form.getByLabel('Alamat ISP').fill(SLUG);
  await expect(page.getByTestId('slug-state')).toHaveAttribute('data-state', 'available');
  await form.getByLabel('Nama pemilik').fill('Dewi Lestari');
  await form.getByLabel('E-mail').fill(EMAIL);
  await form.getByLabel('Nomor WhatsApp pemilik').fill(PHONE);
  await form.getByLabel('Kata sandi').fill(PASSWORD);
  // both channels are offered: WhatsApp first (Enter), e-mail beside it
  await expect(page.getByTestId('signup-submit')).toHaveText('Kirim kode WhatsApp');
  await expect(page.getByTestId('signup-submit-email')).toHaveText('Kirim kode lewat e-mail');
  await shoot(page, 'signup_email_form');
  await page.getByTestId('signup-submit-email').click();

  await expect(page.getByRole('heading', { name: 'Masukkan kode dari e‑mail', level: 1 })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('signup-sent-to')).toContainText(`o•••@surel.test`);
  const first = await nthCode(EMAIL, 1);
  // another code only after 30 seconds: the button counts down
  const again = page.getByTestId('signup-resend-same');
  await expect(again).toBeDisabled();
  await expect(again).toContainText(/Kirim ulang dalam (30|[12]\d|\d) dtk/);
  await expect(page.getByTestId('signup-resend-other')).toHaveText('Kirim lewat WhatsApp saja');
  await shoot(page, 'signup_email_code');

  await expect(again).toBeEnabled({ timeout: 40_000 });
  await expect(again).toHaveText('Kirim ulang lewat e-mail');
  await again.click();
  await expect(page.getByTestId('signup-resent')).toContainText('o•••@surel.test');
  const second = await nthCode(EMAIL, 2);
  if (first !== second) {
    // the first code stopped working
    await page.getByLabel('Kode verifikasi').fill(first);
    await page.getByTestId('signup-verify').click();
    await expect(page.getByTestId('signup-error')).toHaveText('Kode salah. Sisa percobaan: 4.');
  }
  await page.getByLabel('Kode verifikasi').fill(second);
  await page.getByTestId('signup-verify').click();
  await expect(page).toHaveURL(/\/$/, { timeout: 30_000 });
  await expect(page.getByRole('heading', { name: 'Dasbor', level: 1 })).toBeVisible();
  await expect(page.getByTestId('tenant-line')).toContainText(ISP);
});

test.describe('when the SMTP server is down', () => {
  // the sign-up's 503 is provoked on purpose (the browser's line for it, and the tRPC client's log of it)
  test.use({ allowedConsole: [/status of 503|saas\.signup\.start[\s\S]*The e-mail with the code could not be sent/] });

  test('the sign-up is kept and "send again" delivers the code', async ({ page }) => {
    test.setTimeout(120_000);
    const email = `down-${RUN}@surel.test`;
    await page.goto('/signup');
    const form = page.getByTestId('signup-form');
    await form.getByLabel('Nama ISP').fill(`Surel Mati ${RUN}`);
    await form.getByLabel('Alamat ISP').fill(`surel-mati-${RUN}`);
    await expect(page.getByTestId('slug-state')).toHaveAttribute('data-state', 'available');
    await form.getByLabel('Nama pemilik').fill('Dewi Lestari');
    await form.getByLabel('E-mail').fill(email);
    await form.getByLabel('Nomor WhatsApp pemilik').fill(`0816${String(RUN).slice(-8)}`);
    await form.getByLabel('Kata sandi').fill(PASSWORD);
    // the sink hangs up on the next connection
    await fetch(`${SINK}/_sim/config`, { method: 'POST', body: JSON.stringify({ failure: { mode: 'drop', remaining: 1 } }) });
    await page.getByTestId('signup-submit-email').click();

    await expect(page.getByTestId('signup-error')).toHaveText(
      'E-mail berisi kode tidak bisa dikirim saat ini. Data Anda tersimpan: kirim ulang kode sebentar lagi.',
      { timeout: 30_000 },
    );
    await expect(page.getByTestId('signup-sent-to')).toHaveText('Data pendaftaran Anda tersimpan, tetapi kodenya belum terkirim.');
    expect(await codesMailedTo(email)).toEqual([]);
    const again = page.getByTestId('signup-resend-same');
    await expect(again).toHaveText('Kirim ulang lewat e-mail');
    await again.click();
    await expect(page.getByTestId('signup-resent')).toContainText('d•••@surel.test');
    await expect(page.getByTestId('signup-sent-to')).toContainText('d•••@surel.test');
    await page.getByLabel('Kode verifikasi').fill(await nthCode(email, 1));
    await page.getByTestId('signup-verify').click();
    await expect(page).toHaveURL(/\/$/, { timeout: 30_000 });
    await expect(page.getByRole('heading', { name: 'Dasbor', level: 1 })).toBeVisible();
  });
});
