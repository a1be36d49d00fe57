/**
 * Custom roles (issue #17): the owner makes a role from the billing template without
 * voiding payments, gives it to the billing clerk from the users page, sees it held on the
 * roles page (Indonesian, desktop; English, phone), then gives the clerk the built-in role
 * back and deletes the role (later specs see the seed's users as they were).
 */
import { expect, test } from './fixtures';
import { OWNER, mainNav, signIn } from './sign_in';

const SHOTS = process.env.E2E_SHOTS_DIR ?? '../../.rrnet/screenshots';
const ROLE = 'Penagih lapangan';

test('the owner creates a role from a template and assigns it to a user', async ({ page }) => {
  await signIn(page, OWNER);
  await mainNav(page).getByRole('link', { name: 'Peran', exact: true }).click();
  await expect(page).toHaveURL(/\/admin\/roles$/);
  await expect(page.getByRole('heading', { name: 'Peran', level: 1 })).toBeVisible();
  // the seed's own role
  await expect(page.getByTestId('role-row').filter({ hasText: 'Kasir' })).toBeVisible();

  const form = page.getByTestId('role-form');
  await form.getByLabel('Nama', { exact: true }).fill(ROLE);
  await form.getByLabel('Keterangan').fill('Menagih dan mencatat pembayaran, tanpa membatalkan');
  await form.getByLabel('Peran bawaan').selectOption('billing');
  const voidPayments = form.getByRole('checkbox', { name: /billing\.payments\.void/ });
  await expect(voidPayments).toBeChecked(); // the template's permissions are preset
  await voidPayments.uncheck();
  await expect(form.getByRole('checkbox', { name: /platform\./ })).toHaveCount(0);
  await form.getByRole('button', { name: 'Buat peran' }).click();
  await expect(page.getByTestId('role-notice')).toContainText(`Peran ${ROLE} disimpan.`);
  const row = page.getByTestId('role-row').filter({ hasText: ROLE });
  await expect(row).toContainText('Penagihan');
  await expect(row).toContainText('0 pengguna');

  await mainNav(page).getByRole('link', { name: 'Pengguna', exact: true }).click();
  const select = page.getByLabel('Peran untuk Dewi Lestari');
  await expect(select).toHaveValue('billing');
  await select.selectOption({ label: ROLE });
  await expect(page.getByRole('status').filter({ hasText: 'Perubahan untuk Dewi Lestari disimpan.' })).toBeVisible();
  await expect(select).toHaveValue(/^custom:/);

  await mainNav(page).getByRole('link', { name: 'Peran', exact: true }).click();
  await expect(page.getByTestId('role-row').filter({ hasText: ROLE })).toContainText('1 pengguna');
  await page.screenshot({ path: `${SHOTS}/roles_id.png`, fullPage: true });

  // held: it cannot be deleted
  await page.getByTestId('role-row').filter({ hasText: ROLE }).getByRole('button', { name: 'Hapus' }).click();
  // the server's reason, in the person's language (its English text read back into its key)
  await expect(page.getByTestId('error-notice')).toContainText('Masih ada anggota yang memegang peran ini');
  await page.screenshot({ path: `${SHOTS}/roles_held_id.png`, fullPage: true });

  // English on a phone
  await page.setViewportSize({ width: 390, height: 844 });
  await page.getByLabel('Bahasa', { exact: true }).selectOption('en');
  await expect(page.getByRole('heading', { name: 'Roles', level: 1 })).toBeVisible();
  await page.getByTestId('role-row').filter({ hasText: ROLE }).getByRole('button', { name: 'Edit' }).click();
  await expect(page.getByRole('heading', { name: `Edit ${ROLE}` })).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/roles_phone_en.png`, fullPage: true });
  await page.getByLabel('Language', { exact: true }).selectOption('id');
  await page.setViewportSize({ width: 1280, height: 800 });

  // the built-in role back, then the role goes
  await mainNav(page).getByRole('link', { name: 'Pengguna', exact: true }).click();
  await page.getByLabel('Peran untuk Dewi Lestari').selectOption('billing');
  await expect(page.getByLabel('Peran untuk Dewi Lestari')).toHaveValue('billing');
  await mainNav(page).getByRole('link', { name: 'Peran', exact: true }).click();
  await page.getByTestId('role-row').filter({ hasText: ROLE }).getByRole('button', { name: 'Hapus' }).click();
  await expect(page.getByTestId('role-notice')).toContainText(`Peran ${ROLE} dihapus.`);
  await expect(page.getByTestId('role-row').filter({ hasText: ROLE })).toHaveCount(0);
});
