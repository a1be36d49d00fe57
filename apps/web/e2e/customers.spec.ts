/**
 * Customers: service plans (create, edit), the CSV import wizard (a report naming the
 * bad rows, then the fixed file imported with progress), the list's search, and what a
 * viewer gets (masked personal data, no create form). Names carry the run's timestamp.
 */
import { expect, test } from './fixtures';
import { OWNER, VIEWER, mainNav, signIn } from './sign_in';

const RUN = Date.now();

/** A mobile number unique to this run and row: 0813 + 7 digits of the run + row. */
const phone = (row: number) => `0813${String(RUN).slice(-7)}${row}`;

function csv(rows: string[][]): Buffer {
  return Buffer.from(['name,phone,plan,address,billing_day', ...rows.map((r) => r.join(','))].join('\n'));
}

test('service plans: add one, then change its price', async ({ page }) => {
  const name = `Paket Uji ${RUN}`;
  await signIn(page, OWNER);
  await mainNav(page).getByRole('link', { name: 'Paket layanan', exact: true }).click();
  await expect(page).toHaveURL(/\/customers\/plans$/);
  await expect(page.getByRole('heading', { name: 'Paket layanan', level: 1 })).toBeVisible();
  await expect(page.locator('[data-testid="plan-row"][data-name="Rumahan 10 Mbps"]')).toContainText('Rp 150.000');

  const form = page.getByTestId('plan-form');
  await expect(form).toHaveCount(0); // the form opens in a dialog
  await page.getByRole('button', { name: 'Tambah paket' }).click();
  await expect(form.getByRole('heading', { name: 'Tambah paket' })).toBeVisible();
  await form.getByLabel('Nama paket').fill(name);
  await form.getByLabel('Profil router').fill(`uji-${RUN}`);
  await form.getByLabel('Unduh (Mbps)').fill('15');
  await form.getByLabel('Unggah (Mbps)').fill('7,5');
  await form.getByLabel('Harga per bulan (Rp)').fill('175.000');
  await form.getByRole('button', { name: 'Tambah paket' }).click();
  await expect(page.getByTestId('plan-saved')).toHaveText(`Paket ${name} ditambahkan.`);
  await expect(form).toHaveCount(0);
  const row = page.locator(`[data-testid="plan-row"][data-name="${name}"]`);
  await expect(row).toContainText('15 Mbps');
  await expect(row).toContainText('7,5 Mbps');
  await expect(row).toContainText('Rp 175.000');

  await row.getByRole('button', { name: `Ubah paket ${name}` }).click();
  await expect(form.getByRole('heading', { name: `Ubah paket ${name}` })).toBeVisible();
  await page.screenshot({ path: '../../.rrnet/screenshots/plan-dialog.png' });
  await form.getByLabel('Harga per bulan (Rp)').fill('180000');
  await form.getByRole('button', { name: 'Simpan', exact: true }).click();
  await expect(page.getByTestId('plan-saved')).toHaveText(`Paket ${name} disimpan.`);
  await expect(row).toContainText('Rp 180.000');
});

test('CSV import: the report names the bad rows; the fixed file imports with progress', async ({ page }) => {
  const names = [1, 2, 3, 4].map((i) => `Impor ${RUN} ${String.fromCharCode(64 + i)}`);
  await signIn(page, OWNER);
  await mainNav(page).getByRole('link', { name: 'Pelanggan', exact: true }).click();
  await page.getByRole('link', { name: 'Impor CSV' }).click();
  await expect(page).toHaveURL(/\/customers\/import$/);
  await expect(page.getByRole('heading', { name: 'Impor pelanggan', level: 1 })).toBeVisible();
  await expect(page.getByTestId('import-template')).toHaveAttribute('href', /^data:text\/csv/);

  // rows are numbered as in the file: the header is row 1
  await page.getByLabel('Berkas CSV', { exact: true }).setInputFiles({
    name: `pelanggan-salah-${RUN}.csv`,
    mimeType: 'text/csv',
    buffer: csv([
      [names[0]!, phone(1), 'Rumahan 10 Mbps', 'Jl. Cakung Barat 1', '5'],
      [names[1]!, '12345', 'Rumahan 10 Mbps', 'Jl. Cakung Barat 2', '5'],
      [names[2]!, phone(3), 'Keluarga 20 Mbps', 'Jl. Cakung Barat 3', '5'],
      [names[3]!, phone(4), 'Paket Tidak Ada', 'Jl. Cakung Barat 4', '5'],
    ]),
  });
  const report = page.getByTestId('import-report');
  await expect(report).toBeVisible({ timeout: 15_000 });
  await expect(report.getByTestId('import-total')).toHaveText('4');
  await expect(report.getByTestId('import-valid')).toHaveText('2');
  await expect(report.getByTestId('import-bad')).toHaveText('2');
  const errors = report.getByTestId('import-error');
  await expect(errors).toHaveCount(2);
  await expect(errors.nth(0)).toHaveAttribute('data-row', '3');
  await expect(errors.nth(0)).toHaveAttribute('data-field', 'phone');
  await expect(errors.nth(0)).toContainText('Baris 3');
  await expect(errors.nth(0)).toContainText('Masukkan nomor HP seperti 0812 3456 7890'); // the contracts' message, translated
  await expect(errors.nth(1)).toHaveAttribute('data-row', '5');
  await expect(errors.nth(1)).toHaveAttribute('data-field', 'plan');
  await expect(errors.nth(1)).toContainText('Tidak ada paket bernama “Paket Tidak Ada”');
  await expect(page.getByTestId('import-fix-rows')).toContainText('Perbaiki 2 baris bermasalah, lalu unggah ulang berkasnya.');
  await expect(page.getByRole('button', { name: /^Impor \d+ baris$/ })).toHaveCount(0);
  await page.screenshot({ path: '../../.rrnet/screenshots/import-report.png', fullPage: true });

  const fixedName = `pelanggan-${RUN}.csv`;
  await page.getByLabel('Berkas CSV', { exact: true }).setInputFiles({
    name: fixedName,
    mimeType: 'text/csv',
    buffer: csv([
      [names[0]!, phone(1), 'Rumahan 10 Mbps', 'Jl. Cakung Barat 1', '5'],
      [names[1]!, phone(2), 'Rumahan 10 Mbps', 'Jl. Cakung Barat 2', '5'],
      [names[2]!, phone(3), 'Keluarga 20 Mbps', 'Jl. Cakung Barat 3', '5'],
      [names[3]!, phone(4), 'keluarga 20 mbps', '"Jl. Cakung Barat 4, RT 02"', '5'],
    ]),
  });
  await expect(report.getByTestId('import-valid')).toHaveText('4', { timeout: 15_000 });
  await expect(report.getByTestId('import-error')).toHaveCount(0);
  await expect(report.getByTestId('import-preview')).toContainText(names[3]!);
  await page.getByRole('button', { name: 'Impor 4 baris' }).click();

  const job = page.getByTestId('import-job');
  await expect(job).toHaveAttribute('data-status', 'completed', { timeout: 30_000 });
  await expect(page.getByTestId('import-progress')).toHaveAttribute('aria-valuenow', '4');
  await expect(page.getByTestId('import-counts')).toHaveText('4 dari 4 baris');
  await expect(page.getByTestId('import-done')).toContainText('Impor selesai: 4 pelanggan ditambahkan.');
  await expect(page.locator(`[data-testid="import-row"][data-file="${fixedName}"]`)).toContainText('Selesai');

  await page.getByRole('link', { name: 'Lihat pelanggan' }).click();
  await expect(page).toHaveURL(/\/customers$/);
  await page.getByLabel('Cari', { exact: true }).fill('Im');
  await expect(page.getByText('Ketik minimal 3 karakter')).toBeVisible();
  await page.getByLabel('Cari', { exact: true }).fill(`Impor ${RUN}`);
  const rows = page.getByTestId('customer-row');
  await expect(rows).toHaveCount(4, { timeout: 10_000 });
  await expect(rows.first()).toContainText(names[0]!);
  await expect(rows.first().getByTestId('customer-status')).toHaveText('Aktif');
  await page.screenshot({ path: '../../.rrnet/screenshots/customers.png', fullPage: true });

  await page.getByLabel('Paket', { exact: true }).selectOption({ label: 'Keluarga 20 Mbps' });
  await expect(rows).toHaveCount(2);
});

test('the customer list pages with "Load more" and filters by status', async ({ page }) => {
  await signIn(page, OWNER);
  await page.goto('/customers');
  await expect(page.getByRole('heading', { name: 'Pelanggan', level: 1 })).toBeVisible();
  const rows = page.getByTestId('customer-row');
  await expect(rows.first()).toBeVisible();
  const first = await rows.count();
  const more = page.getByRole('button', { name: 'Muat lebih banyak' });
  if (await more.isVisible()) {
    await more.click();
    await expect.poll(() => rows.count()).toBeGreaterThan(first);
  }
  await page.getByLabel('Status', { exact: true }).selectOption('terminated');
  await expect(page.getByTestId('customer-status').filter({ hasNotText: 'Berhenti' })).toHaveCount(0);
});

test('a viewer sees customers with masked personal data and cannot add one', async ({ page }) => {
  await signIn(page, VIEWER);
  await mainNav(page).getByRole('link', { name: 'Pelanggan', exact: true }).click();
  await expect(page.getByTestId('customer-row').first()).toBeVisible();
  await expect(page.getByTestId('pii-masked')).toContainText('disamarkan');
  await expect(page.getByRole('link', { name: 'Tambah pelanggan' })).toHaveCount(0);

  await page.goto('/customers/new');
  await expect(page.getByRole('heading', { name: 'Pelanggan baru', level: 1 })).toBeVisible();
  await expect(page.getByTestId('no-permission')).toContainText('Tidak ada izin');
  await expect(page.getByTestId('customer-form')).toHaveCount(0);

  await page.goto('/customers/plans');
  await expect(page.getByTestId('plan-row').first()).toBeVisible();
  await expect(page.getByTestId('plan-form')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Tambah paket' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: /^Ubah paket / })).toHaveCount(0);
});
