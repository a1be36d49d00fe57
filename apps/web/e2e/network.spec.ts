/**
 * Network against the RouterOS simulator (started by scripts/e2e_server.mjs): a router
 * added at a free simulated port comes online after "Sync now"; a customer created on it
 * gets its PPPoE secret on the simulated router; the map shows that customer; the
 * topology tree takes an OLT → ODC → ODP chain. Serial: later tests use the router the
 * first one adds. Names carry the run's timestamp so reruns on one database never collide.
 */
import { expect, test } from './fixtures';
import { OWNER, mainNav, signIn } from './sign_in';

const SIM_BASE_PORT = Number(process.env.E2E_ROUTER_SIM_BASE_PORT);
/** base+0..3 belong to the demo tenants' routers; base+4.. are free simulated routers */
const ROUTER_PORT = SIM_BASE_PORT + 4;
const RUN = Date.now();
const ROUTER_NAME = `E2E-R${RUN}`;
const CUSTOMER_NAME = `Pelanggan Uji ${RUN}`;
const PPPOE_USERNAME = `e2e${RUN}`;
/** the demo tenant's centre (sinar-net, Jakarta Timur): inside the map's first view */
const CUSTOMER_POSITION = { lat: '-6.2246', lng: '106.9011' };

test.describe.configure({ mode: 'serial' });

interface SimSecret {
  name: string;
  profile: string;
  disabled: boolean;
}

/** The simulated router's PPPoE secrets, read through its control endpoint. */
async function simSecrets(port: number): Promise<SimSecret[]> {
  const response = await fetch(`http://127.0.0.1:${port}/_sim/state`);
  if (!response.ok) throw new Error(`simulator on ${port}: HTTP ${response.status}`);
  const body = (await response.json()) as { secrets?: SimSecret[]; state?: { secrets?: SimSecret[] } };
  return body.state?.secrets ?? body.secrets ?? [];
}

test.beforeAll(() => {
  if (!Number.isInteger(SIM_BASE_PORT) || SIM_BASE_PORT <= 0) throw new Error('E2E_ROUTER_SIM_BASE_PORT is not set');
});

test('a router added at the simulator comes online after "Sync now"', async ({ page }) => {
  await signIn(page, OWNER);
  await mainNav(page).getByRole('link', { name: 'Router', exact: true }).click();
  await expect(page).toHaveURL(/\/network\/routers$/);
  await expect(page.getByRole('heading', { name: 'Router', level: 1 })).toBeVisible();
  await expect(page.getByTestId('router-row').first()).toBeVisible(); // the demo routers

  await page.getByTestId('add-router').click();
  const form = page.getByTestId('add-router-form');
  await form.getByLabel('Nama', { exact: true }).fill(ROUTER_NAME);
  await form.getByLabel('Host', { exact: true }).fill('127.0.0.1');
  await form.getByLabel('Pakai TLS (HTTPS)').uncheck();
  await expect(form.getByLabel('Port', { exact: true })).toHaveValue('80');
  await form.getByLabel('Port', { exact: true }).fill(String(ROUTER_PORT));
  await form.getByLabel('Nama pengguna API').fill('rrnet-api');
  await form.getByLabel('Kata sandi API').fill('e2e-router-password');
  await page.screenshot({ path: '../../.rrnet/screenshots/router_add_dialog.png' });
  await form.getByRole('button', { name: 'Tambah router' }).click();
  await expect(page.getByTestId('router-added')).toContainText(`Router ${ROUTER_NAME} ditambahkan`);
  await expect(form).toHaveCount(0); // the dialog closed

  const row = page.locator(`[data-testid="router-row"][data-name="${ROUTER_NAME}"]`);
  await expect(row).toContainText(`127.0.0.1:${ROUTER_PORT}`);
  // adding a router queues its first sync at once: the worker may already have reached it
  await expect(row.getByTestId('router-status')).toHaveAttribute('data-status', /^(unknown|online)$/);

  await row.getByRole('button', { name: 'Sinkronkan sekarang' }).click();
  await expect(row.getByTestId('router-status')).toHaveAttribute('data-status', 'online', { timeout: 30_000 });
  await expect(row.getByTestId('router-status')).toHaveText('Online');
  await expect(row).toContainText('7.16');
  await expect(row).not.toContainText('Belum pernah');
  await expect(row.getByRole('button', { name: 'Sinkronkan sekarang' })).toBeEnabled();
  await page.screenshot({ path: '../../.rrnet/screenshots/routers.png', fullPage: true });

  await row.getByRole('link', { name: ROUTER_NAME }).click();
  await expect(page).toHaveURL(/\/network\/routers\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { name: ROUTER_NAME, level: 1 })).toBeVisible();
  await expect(page.getByTestId('router-overview').getByTestId('router-status')).toHaveAttribute('data-status', 'online');
  await expect(page.getByTestId('router-version')).toContainText('7.16');
  await expect(page.getByTestId('router-identity')).toContainText('MikroTik');
  await expect(page.getByTestId('router-breaker')).toContainText('Normal');
  await expect(page.getByTestId('drift-empty')).toHaveText('Router sesuai dengan data RRNet.');
  await expect(page.getByRole('button', { name: 'Terapkan perbaikan' })).toBeDisabled();
  await expect(page.getByRole('heading', { name: /^Sesi PPPoE aktif/ })).toBeVisible();

  // a second sync from the detail page reports when the job has finished
  await page.getByRole('button', { name: 'Sinkronkan sekarang' }).click();
  await expect(page.getByTestId('sync-finished')).toHaveText('Sinkronisasi selesai.', { timeout: 30_000 });
  await page.screenshot({ path: '../../.rrnet/screenshots/router-detail.png', fullPage: true });

  await page.getByLabel('Bahasa', { exact: true }).selectOption('en');
  await expect(page.getByRole('button', { name: 'Sync now' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Edit router' })).toBeVisible();
  await page.getByLabel('Language', { exact: true }).selectOption('id');
});

test('a customer created on that router gets its PPPoE secret on the simulated router', async ({ page }) => {
  expect((await simSecrets(ROUTER_PORT)).map((s) => s.name)).not.toContain(PPPOE_USERNAME);

  await signIn(page, OWNER);
  await mainNav(page).getByRole('link', { name: 'Pelanggan', exact: true }).click();
  await expect(page).toHaveURL(/\/customers$/);
  await page.getByRole('link', { name: 'Tambah pelanggan' }).click();
  await expect(page.getByRole('heading', { name: 'Pelanggan baru', level: 1 })).toBeVisible();

  const form = page.getByTestId('customer-form');
  await form.getByLabel('Nama', { exact: true }).fill(CUSTOMER_NAME);
  await form.getByLabel('No. HP (WhatsApp)').fill('0812 7777 0001');
  await form.getByLabel('Alamat', { exact: true }).fill('Jl. Pulo Gebang No. 99');
  await form.getByLabel('Paket', { exact: true }).selectOption({ label: 'Rumahan 10 Mbps' });
  await form.getByLabel('Router', { exact: true }).selectOption({ label: ROUTER_NAME });
  await form.getByLabel('Tanggal tagihan').fill('10');
  await form.getByLabel('Lintang (lat)').fill(CUSTOMER_POSITION.lat);
  await form.getByLabel('Bujur (lng)').fill(CUSTOMER_POSITION.lng);
  await form.getByLabel('Pengguna PPPoE').fill(PPPOE_USERNAME);
  await form.getByRole('button', { name: 'Simpan pelanggan' }).click();

  await expect(page).toHaveURL(/\/customers\/[0-9a-f-]{36}\?created=1$/, { timeout: 15_000 });
  await expect(page.getByRole('heading', { name: CUSTOMER_NAME, level: 1 })).toBeVisible();
  await expect(page.getByTestId('customer-created')).toContainText(`router ${ROUTER_NAME}`);
  await expect(page.getByTestId('customer-pppoe-username')).toHaveText(PPPOE_USERNAME);
  await expect(page.getByTestId('customer-overview').getByTestId('customer-status')).toHaveAttribute('data-status', 'active');
  await expect(page.getByTestId('customer-phone')).toHaveText('+6281277770001');

  // the pppoe_provision job writes the secret on the router
  await expect
    .poll(async () => (await simSecrets(ROUTER_PORT)).find((s) => s.name === PPPOE_USERNAME) ?? null, { timeout: 15_000, intervals: [500, 1_000] })
    .toMatchObject({ name: PPPOE_USERNAME, profile: 'home-10m', disabled: false });

  // the password shown once matches what the router has
  await page.getByRole('button', { name: 'Tampilkan kata sandi PPPoE' }).click();
  await expect(page.getByTestId('pppoe-password')).toHaveText(/^\S{6,}$/);
  await page.screenshot({ path: '../../.rrnet/screenshots/customer-detail.png', fullPage: true });

  // a suspension (with a reason) disables the secret
  await page.getByTestId('status-actions').getByRole('button', { name: 'Tangguhkan' }).click();
  const confirm = page.getByTestId('confirm');
  await confirm.getByRole('button', { name: 'Tangguhkan' }).click();
  await expect(confirm.locator('[data-slot="field-error"]')).toBeVisible(); // a reason is required
  await confirm.getByLabel('Alasan').fill('Permintaan pelanggan: pindah rumah sementara');
  await confirm.getByRole('button', { name: 'Tangguhkan' }).click();
  await expect(page.getByTestId('status-changed')).toContainText('Ditangguhkan');
  await expect(page.getByTestId('customer-overview').getByTestId('customer-status')).toHaveAttribute('data-status', 'suspended');
  await expect
    .poll(async () => (await simSecrets(ROUTER_PORT)).find((s) => s.name === PPPOE_USERNAME)?.disabled ?? null, { timeout: 15_000, intervals: [500, 1_000] })
    .toBe(true);
  await page.getByTestId('status-actions').getByRole('button', { name: 'Aktifkan kembali' }).click();
  await page.getByTestId('confirm').getByLabel('Alasan').fill('Kembali berlangganan');
  await page.getByTestId('confirm').getByRole('button', { name: 'Aktifkan kembali' }).click();
  await expect(page.getByTestId('customer-overview').getByTestId('customer-status')).toHaveAttribute('data-status', 'active');

  // the router page counts the customer
  await page.getByTestId('customer-overview').getByRole('link', { name: ROUTER_NAME }).click();
  await expect(page.getByRole('heading', { name: ROUTER_NAME, level: 1 })).toBeVisible();
});

test('the map shows the new customer among the features of the visible area', async ({ page }) => {
  await signIn(page, OWNER);
  await mainNav(page).getByRole('link', { name: 'Peta', exact: true }).click();
  await expect(page).toHaveURL(/\/maps$/);
  await expect(page.getByRole('heading', { name: 'Peta', level: 1 })).toBeVisible();
  await expect(page.getByTestId('map')).toBeVisible({ timeout: 20_000 });
  const feature = page.getByTestId('map-feature').filter({ hasText: CUSTOMER_NAME });
  await expect(feature).toHaveCount(1, { timeout: 20_000 });
  await expect(feature).toContainText('Pelanggan');
  await expect(feature).toContainText('Aktif');
  await expect(feature).toHaveAttribute('data-kind', 'customer');
  await expect(page.getByTestId('map-count')).toHaveText(/^\d+ titik ditampilkan$/);
  await expect(page.getByTestId('map-legend')).toContainText('ODP');
  // circle markers are drawn (canvas renderer), tiles or not
  await expect(page.getByTestId('map').locator('canvas.leaflet-zoom-animated')).toHaveCount(1);
  // the tiles come from the configured tile server (MAP_TILE_URL: the e2e stack's own)
  await expect(page.getByTestId('map').locator('img.leaflet-tile-loaded').first()).toBeVisible();
  await expect(page.getByTestId('map-tiles-offline')).toHaveCount(0);
  await page.screenshot({ path: '../../.rrnet/screenshots/map.png', fullPage: true });

  // moving the map asks for the new area
  const request = page.waitForRequest((r) => r.url().includes('maps.features'), { timeout: 10_000 });
  await page.getByTestId('map').getByRole('button', { name: 'Zoom out' }).click();
  await request;
  await expect(feature).toHaveCount(1);
});

test.describe('with the tile server down', () => {
  // the browser logs each refused tile; that is the fault this test provokes
  test.use({ allowedConsole: [/^Failed to load resource: net::ERR_CONNECTION_REFUSED$/] });

  test('the map says its tiles are offline and still draws the points', async ({ page }) => {
    await page.route(/\/\d+\/\d+\/\d+\.png$/, (route) => route.abort('connectionrefused'));
    await signIn(page, OWNER);
    await page.goto('/maps');
    await expect(page.getByTestId('map')).toBeVisible({ timeout: 20_000 });
    await expect(page.getByTestId('map-tiles-offline')).toBeVisible();
    await expect(page.getByTestId('map-feature').filter({ hasText: CUSTOMER_NAME })).toHaveCount(1, { timeout: 20_000 });
    await expect(page.getByTestId('map').locator('canvas.leaflet-zoom-animated')).toHaveCount(1);
    await expect(page.getByTestId('map').locator('img.leaflet-tile-loaded')).toHaveCount(0);
  });
});

test('the topology tree nests OLT → ODC → ODP and shows capacity', async ({ page }) => {
  const olt = `OLT-E2E-${RUN}`;
  const odc = `ODC-E2E-${RUN}`;
  const odp = `ODP-E2E-${RUN}`;
  await signIn(page, OWNER);
  await mainNav(page).getByRole('link', { name: 'Topologi', exact: true }).click();
  await expect(page).toHaveURL(/\/network\/topology$/);
  await expect(page.getByRole('heading', { name: 'Topologi jaringan', level: 1 })).toBeVisible();

  const form = page.getByTestId('topology-form');
  const add = async (kind: 'olt' | 'odc' | 'odp', name: string, parent: string | null, capacity: string) => {
    await form.getByLabel('Jenis', { exact: true }).selectOption(kind);
    await form.getByLabel('Nama', { exact: true }).fill(name);
    if (parent) await form.getByLabel(/^Induk/).selectOption({ label: parent });
    await form.getByLabel(/^Kapasitas/).fill(capacity);
    await form.getByRole('button', { name: 'Tambah', exact: true }).click();
    await expect(page.getByTestId('topology-saved')).toContainText(`${name} ditambahkan`);
  };
  await add('olt', olt, null, '16');
  await add('odc', odc, olt, '8');
  await add('odp', odp, odc, '8');

  const oltNode = page.locator(`[data-testid="topology-node"][data-name="${olt}"]`);
  const odcNode = oltNode.locator(`[data-testid="topology-node"][data-name="${odc}"]`);
  const odpNode = odcNode.locator(`[data-testid="topology-node"][data-name="${odp}"]`);
  await expect(odpNode).toHaveAttribute('data-kind', 'odp');
  await expect(odpNode.getByTestId('node-capacity')).toHaveText('0/8 port terpakai');
  await expect(odcNode.getByTestId('node-capacity').first()).toHaveText('1/8 cabang');
  await page.screenshot({ path: '../../.rrnet/screenshots/topology.png', fullPage: true });

  // an ODP may only hang under an ODC
  await form.getByLabel('Jenis', { exact: true }).selectOption('odp');
  await expect(form.getByLabel(/^Induk/).locator('option', { hasText: olt })).toHaveCount(0);
  await expect(form.getByLabel(/^Induk/).locator('option', { hasText: odc })).toHaveCount(1);

  // remove the ODP again
  await odpNode.getByRole('button', { name: `Hapus ${odp}` }).click();
  await page.getByTestId('confirm').getByRole('button', { name: 'Ya, hapus' }).click();
  await expect(page.locator(`[data-testid="topology-node"][data-name="${odp}"]`)).toHaveCount(0);
});
