import { expect, test } from './fixtures';
import { OWNER, PLATFORM_ADMIN, mainNav, signIn } from './sign_in';
import { expectNoSidewaysScroll } from './layout';

const CLASSES = [
  ['critical', 'Kritis', 'Critical'],
  ['high', 'Tinggi', 'High'],
  ['normal', 'Normal', 'Normal'],
  ['low', 'Rendah', 'Low'],
] as const;

test('the platform admin (no tenant) gets the dashboard and a Platform section instead of ISP pages', async ({ page }) => {
  await signIn(page, PLATFORM_ADMIN);
  await expect(page.getByTestId('tenant-name')).toHaveText('Platform RRNet');
  await expect(page.getByTestId('tenant-line')).toHaveText('Anda bekerja di Platform RRNet sebagai Admin platform.');
  await expect(page.getByTestId('readiness')).toHaveText('Semua layanan siap', { timeout: 20_000 });

  const nav = mainNav(page);
  await expect(nav.getByText('Platform', { exact: true })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Pekerjaan latar', exact: true })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Pekerjaan gagal', exact: true })).toBeVisible();
  // ISP pages need an ISP to work in
  await expect(nav.getByRole('link', { name: 'Pengguna' })).toHaveCount(0);
  await expect(nav.getByRole('link', { name: 'Kunci API' })).toHaveCount(0);
  // a fresh database has no dead letters: no alert banner
  await expect(page.getByTestId('dead-letter-alert')).toHaveCount(0);
});

test('/platform/jobs shows the four job classes, the dead-letter counts and the throughput chart, refreshing itself', async ({ page }) => {
  await signIn(page, PLATFORM_ADMIN);
  await mainNav(page).getByRole('link', { name: 'Pekerjaan latar', exact: true }).click();
  await expect(page).toHaveURL(/\/platform\/jobs$/);
  await expect(page.getByRole('heading', { name: 'Pekerjaan latar', level: 1 })).toBeVisible();

  const cards = page.getByTestId('class-cards').locator('[data-testid^="class-card-"]');
  await expect(cards).toHaveCount(4);
  for (const [cls, name] of CLASSES) {
    const card = page.getByTestId(`class-card-${cls}`);
    await expect(card.getByRole('heading', { name, exact: true })).toBeVisible();
    for (const part of ['waiting', 'scheduled', 'running']) {
      await expect(card.getByTestId(`${cls}-${part}`)).toHaveText(/^(Menunggu|Terjadwal|Berjalan)\s*\d+$/);
    }
  }
  await expect(page.getByTestId('dead-letters-dead')).toHaveText(/Tertahan\s*0/);
  await expect(page.getByTestId('dead-letters-retried')).toHaveText(/Diulang\s*0/);
  await expect(page.getByTestId('dead-letters-discarded')).toHaveText(/Dibuang\s*0/);
  await expect(page.getByTestId('alert-state')).toHaveText('Di bawah ambang');

  const chart = page.getByTestId('throughput-chart');
  const plot = chart.getByRole('img', { name: /^Grafik throughput pekerjaan per menit\. / });
  await expect(plot).toBeVisible();
  await expect(plot.locator('svg[data-slot=chart-svg]')).toHaveCount(2);
  await expect(plot).toContainText('Selesai / menit');
  await expect(plot).toContainText('Gagal / menit');
  await expect(plot).toContainText('Waktu (WIB)');
  await expect(chart.getByTestId('throughput-legend').locator('li')).toHaveCount(4);
  // an hourly cron job may have run on this database; without any job the chart says so
  const summary = chart.getByTestId('throughput-summary');
  await expect(summary).toHaveText(/^\d+ selesai dan \d+ gagal dalam 60 menit terakhir\.$/);
  if ((await summary.innerText()).startsWith('0 selesai dan 0 gagal')) {
    await expect(page.getByTestId('throughput-empty')).toHaveText('Belum ada pekerjaan yang selesai atau gagal dalam 60 menit terakhir.');
  } else {
    await expect(plot.locator('[data-slot=chart-bar]').first()).toBeVisible();
    await expect(chart.getByTestId('throughput-minute').first()).toBeAttached();
  }
  await page.screenshot({ path: '../../.rrnet/screenshots/platform_jobs.png', fullPage: true });

  // refetched every 10 s without a reload
  await page.waitForRequest((r) => r.url().includes('platform.jobs.stats'), { timeout: 15_000 });

  await page.getByLabel('Bahasa', { exact: true }).selectOption('en');
  await expect(page.getByRole('heading', { name: 'Jobs', level: 1 })).toBeVisible();
  for (const [cls, , name] of CLASSES) {
    await expect(page.getByTestId(`class-card-${cls}`).getByRole('heading', { name, exact: true })).toBeVisible();
  }
  await expect(chart.getByRole('img', { name: /^Chart of job throughput per minute\. / })).toContainText('Completed / min');
  await expect(mainNav(page).getByRole('link', { name: 'Dead letters', exact: true })).toBeVisible();
});

test('/platform/dead-letters shows the empty queue, filters and the detail hint', async ({ page }) => {
  await signIn(page, PLATFORM_ADMIN);
  await mainNav(page).getByRole('link', { name: 'Pekerjaan gagal', exact: true }).click();
  await expect(page).toHaveURL(/\/platform\/dead-letters$/);
  await expect(page.getByRole('heading', { name: 'Pekerjaan gagal', level: 1 })).toBeVisible();
  await expect(page.getByTestId('dead-letters-empty')).toHaveText('Antrean pekerjaan gagal kosong: tidak ada pekerjaan yang menunggu tindakan.');
  await expect(page.getByTestId('dead-letter-row')).toHaveCount(0);
  await expect(page.getByText('Pilih pekerjaan di daftar untuk melihat galat, payload, dan tindakannya.')).toBeVisible();
  await page.screenshot({ path: '../../.rrnet/screenshots/platform_dead_letters.png', fullPage: true });

  await page.getByLabel('Status', { exact: true }).selectOption('');
  await page.getByLabel('Nama tugas', { exact: true }).fill('analytics');
  await page.getByRole('button', { name: 'Terapkan' }).click();
  await expect(page.getByTestId('dead-letters-empty')).toHaveText('Tidak ada pekerjaan yang cocok dengan filter ini.');
  await page.getByRole('button', { name: 'Atur ulang' }).click();
  await expect(page.getByLabel('Status', { exact: true })).toHaveValue('dead');
  await expect(page.getByLabel('Nama tugas', { exact: true })).toHaveValue('');

  await page.getByLabel('Bahasa', { exact: true }).selectOption('en');
  await expect(page.getByRole('heading', { name: 'Dead letters', level: 1 })).toBeVisible();
  await expect(page.getByTestId('dead-letters-empty')).toHaveText('The dead-letter queue is empty: no job is waiting for action.');
});

test('/platform/metrics shows live figures, the business rates chart and the slow-query section, in both languages and on a phone', async ({ page }) => {
  await signIn(page, PLATFORM_ADMIN);
  await mainNav(page).getByRole('link', { name: 'Metrik', exact: true }).click();
  await expect(page).toHaveURL(/\/platform\/metrics$/);
  await expect(page.getByRole('heading', { name: 'Metrik platform', level: 1 })).toBeVisible();
  for (const dep of ['postgres', 'redis', 'worker']) await expect(page.getByTestId(`dependency-${dep}`)).toContainText(': aktif', { timeout: 20_000 });
  // this instance has answered the sign-in and the page's own calls: a p95 in milliseconds
  await expect(page.getByTestId('metric-p95')).toContainText(/p95 API\s*[\d.,]+ md/);
  await expect(page.getByTestId('metric-db')).toContainText(/Koneksi database\s*\d+ dari \d+/);
  await expect(page.getByTestId('metric-redis')).toContainText(/Memori Redis\s*[\d.,]+\s*(byte|kB|MB|GB)/);
  await expect(page.getByTestId('metric-queue')).toContainText(/Tugas menunggu\s*\d+/);
  await expect(page.getByTestId('metric-dead-letters')).toContainText(/Pekerjaan gagal\s*0/);
  const rates = page.getByTestId('business-rates-chart');
  await expect(rates.locator('[data-slot=chart-bar]')).toHaveCount(4);
  await expect(rates.getByTestId('business-rate')).toHaveCount(4);
  await expect(rates.getByTestId('business-rate').first()).toContainText(/^Tagihan ISP terbayar: [\d,]+% \(\d+ dari \d+\)$/);
  // the shared test server does not preload pg_stat_statements; the page tells how to enable it
  const statements = page.getByTestId('metrics-statements');
  await expect(statements.getByRole('heading', { name: 'Pernyataan SQL tersibuk' })).toBeVisible();
  await expect(statements.getByTestId('statements-unavailable').or(statements.locator('table'))).toBeVisible();
  await expect(page.getByTestId('metrics-errors')).toHaveCount(0);
  // the second refresh (15 s) draws the trend of p95 and error rate
  await expect(page.getByTestId('api-trend-chart').locator('svg[data-slot=chart-svg]')).toHaveCount(1, { timeout: 40_000 });
  await page.screenshot({ path: '../../.rrnet/screenshots/platform_metrics_id.png', fullPage: true });

  await page.getByLabel('Bahasa', { exact: true }).selectOption('en');
  await expect(page.getByRole('heading', { name: 'Platform metrics', level: 1 })).toBeVisible();
  await expect(page.getByTestId('metric-p95')).toContainText(/API p95\s*[\d.,]+ ms/);
  await expect(rates.getByTestId('business-rate').first()).toContainText(/^ISP invoices paid: /);
  await page.setViewportSize({ width: 390, height: 844 });
  await expectNoSidewaysScroll(page);
  await page.screenshot({ path: '../../.rrnet/screenshots/platform_metrics_phone_en.png', fullPage: true });
});

test('a tenant owner has no Platform section, no alert banner and no access to the platform pages', async ({ page }) => {
  await signIn(page, OWNER);
  const nav = mainNav(page);
  await expect(nav.getByRole('link', { name: 'Pengguna', exact: true })).toBeVisible();
  await expect(nav.getByText('Platform', { exact: true })).toHaveCount(0);
  await expect(nav.getByRole('link', { name: 'Pekerjaan latar' })).toHaveCount(0);
  await expect(nav.getByRole('link', { name: 'Pekerjaan gagal' })).toHaveCount(0);
  await expect(page.getByTestId('dead-letter-alert')).toHaveCount(0);

  for (const path of ['/platform/jobs', '/platform/dead-letters', '/platform/metrics']) {
    await page.goto(path);
    const refusal = page.getByTestId('no-permission');
    await expect(refusal).toContainText('Tidak ada izin');
    await expect(refusal).toContainText('Peran Anda (Pemilik) tidak memiliki izin');
  }
  await expect(page.getByTestId('dead-letter-row')).toHaveCount(0);
  await page.goto('/platform/jobs');
  await expect(page.getByTestId('no-permission')).toBeVisible();
  await expect(page.getByTestId('class-cards')).toHaveCount(0);
});
