/**
 * Someone who works for two ISPs: Sinar Net's owner adds an existing Parahyangan user, who
 * then switches between the two ISPs from the sidebar; each ISP shows only its own data
 * and the person's role there.
 */
import { expect, test } from './fixtures';
import type { Page } from './fixtures';
import { OWNER, mainNav, signIn } from './sign_in';

const PERSON = 'viewer@parahyangan.demo';

async function customerCodes(page: Page): Promise<string[]> {
  await mainNav(page).getByRole('link', { name: 'Pelanggan', exact: true }).click();
  await expect(page).toHaveURL(/\/customers$/);
  const rows = page.getByTestId('customer-row');
  await expect(rows.first()).toBeVisible();
  return rows.evaluateAll((els) => els.map((el) => el.getAttribute('data-code') ?? ''));
}

test('a person in two ISPs switches between them from the sidebar; each ISP shows its own data', async ({ page }) => {
  await signIn(page, OWNER);
  await expect(page.getByTestId('tenant-switcher')).toHaveCount(0); // one ISP: no switch
  await mainNav(page).getByRole('link', { name: 'Pengguna', exact: true }).click();
  const form = page.locator('form', { has: page.getByRole('button', { name: 'Tambah pengguna' }) });
  await form.getByLabel('Email').fill(PERSON);
  await form.getByLabel('Nama').fill('Pemantau Parahyangan');
  await form.getByLabel('Peran').selectOption('technician');
  await form.getByRole('button', { name: 'Tambah pengguna' }).click();
  await expect(page.getByTestId('user-added')).toContainText('sudah punya akun RRNet'); // an existing account: no new password
  await page.getByRole('button', { name: 'Keluar', exact: true }).click();
  await expect(page).toHaveURL(/\/login$/);

  // signed in, the person lands in the ISP they joined first
  await signIn(page, PERSON);
  await expect(page.getByTestId('tenant-name')).toHaveText('Parahyangan Link Bandung');
  const switcher = page.getByTestId('tenant-switcher');
  await expect(switcher.getByRole('option')).toHaveText(['Parahyangan Link Bandung · Pemantau', 'Sinar Net Jakarta · Teknisi']);
  expect((await customerCodes(page)).every((code) => code.startsWith('PHL-'))).toBe(true);

  await switcher.getByLabel('Ganti ISP').selectOption({ label: 'Sinar Net Jakarta · Teknisi' });
  await switcher.getByRole('button', { name: 'Ganti', exact: true }).click();
  await expect(page.getByTestId('tenant-name')).toHaveText('Sinar Net Jakarta');
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByText('Anda bekerja di Sinar Net Jakarta sebagai Teknisi.')).toBeVisible();
  await expect(page.getByTestId('tenant-switcher').getByLabel('Ganti ISP')).toHaveValue(/[0-9a-f-]{36}/);
  await page.screenshot({ path: '../../.rrnet/screenshots/tenant-switch.png', fullPage: true });
  expect((await customerCodes(page)).every((code) => code.startsWith('SNJ-'))).toBe(true);

  // and back
  await page.getByTestId('tenant-switcher').getByLabel('Ganti ISP').selectOption({ label: 'Parahyangan Link Bandung · Pemantau' });
  await page.getByTestId('tenant-switcher').getByRole('button', { name: 'Ganti', exact: true }).click();
  await expect(page.getByTestId('tenant-name')).toHaveText('Parahyangan Link Bandung');
  await expect(page.getByText('Anda bekerja di Parahyangan Link Bandung sebagai Pemantau.')).toBeVisible();

  // the switch endpoint refuses what it must, in the spec's envelope, and the session stays where it was
  const post = (data: unknown, contentType = 'application/json') =>
    page.request.post('/api/auth/switch-tenant', { data: typeof data === 'string' ? data : JSON.stringify(data), headers: { 'content-type': contentType } });
  const notMember = await post({ tenant_id: '00000000-0000-4000-8000-000000000000' });
  expect(notMember.status()).toBe(403);
  expect(await notMember.json()).toMatchObject({ status: 'error', error_code: 'FORBIDDEN' });
  expect((await post({ tenant_id: 'parahyangan' })).status()).toBe(400);
  expect(await (await post('tenant_id=x', 'application/x-www-form-urlencoded')).json()).toMatchObject({ error_code: 'VALIDATION_FAILED' });
  await page.reload();
  await expect(page.getByTestId('tenant-name')).toHaveText('Parahyangan Link Bandung');

  // signing out and in as someone else in the same tab shows only their ISP's data
  await page.getByRole('button', { name: 'Keluar', exact: true }).click();
  await expect(page).toHaveURL(/\/login$/);
  await signIn(page, OWNER);
  expect((await customerCodes(page)).every((code) => code.startsWith('SNJ-'))).toBe(true);
});
