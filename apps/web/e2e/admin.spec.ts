import { expect, test } from './fixtures';
import { OWNER, VIEWER, mainNav, signIn } from './sign_in';

test('a viewer does not see Users and gets "no permission" at /admin/users', async ({ page }) => {
  await signIn(page, VIEWER);
  await expect(mainNav(page).getByRole('link', { name: 'Dasbor' })).toBeVisible();
  await expect(mainNav(page).getByRole('link', { name: 'Pengguna' })).toHaveCount(0);
  await expect(mainNav(page).getByRole('link', { name: 'Kunci API' })).toHaveCount(0);

  await page.goto('/admin/users');
  await expect(page.getByRole('heading', { name: 'Pengguna', level: 1 })).toBeVisible();
  const refusal = page.getByTestId('no-permission');
  await expect(refusal).toContainText('Tidak ada izin');
  await expect(refusal).toContainText('Peran Anda (Pemantau) tidak memiliki izin');
  await expect(page.getByTestId('users')).toHaveCount(0);

  await page.getByLabel('Bahasa', { exact: true }).selectOption('en');
  await expect(refusal).toContainText('No permission');
  await expect(mainNav(page).getByRole('link', { name: 'Users' })).toHaveCount(0);
});

test('the owner sees the six users, adds one, and API keys are not in the plan', async ({ page }) => {
  await signIn(page, OWNER);
  await mainNav(page).getByRole('link', { name: 'Pengguna', exact: true }).click();
  await expect(page).toHaveURL(/\/admin\/users$/);
  const rows = page.getByTestId('user-row');
  await expect(rows).toHaveCount(6);
  await expect(page.getByRole('heading', { name: '6 pengguna' })).toBeVisible();
  await expect(rows.filter({ hasText: 'owner@sinarnet.demo' })).toContainText('Anda');
  await expect(page.getByLabel('Peran untuk Hendra Gunawan')).toHaveValue('viewer');
  await page.screenshot({ path: '../../.rrnet/screenshots/users.png', fullPage: true });

  const form = page.locator('form', { has: page.getByRole('button', { name: 'Tambah pengguna' }) });
  await form.getByLabel('Email').fill('bukan-email');
  await form.getByLabel('Nama').fill('Operator Baru');
  await form.getByRole('button', { name: 'Tambah pengguna' }).click();
  await expect(page.getByTestId('error-notice')).toContainText('Data belum benar');
  await expect(form.locator('[data-slot="field-error"]')).toContainText('alamat e-mail yang valid');

  await form.getByLabel('Email').fill('operator.baru@sinarnet.demo');
  await form.getByLabel('Peran').selectOption('technician');
  await form.getByRole('button', { name: 'Tambah pengguna' }).click();
  await expect(page.getByTestId('user-added')).toContainText('Operator Baru ditambahkan sebagai Teknisi');
  await expect(page.getByTestId('temporary-password')).toHaveText(/^\S{8,}$/);
  await expect(rows).toHaveCount(7);

  await mainNav(page).getByRole('link', { name: 'Kunci API', exact: true }).click();
  await expect(page.getByTestId('api-keys-not-in-plan')).toContainText('Akses API tidak termasuk dalam paket Anda');
});
