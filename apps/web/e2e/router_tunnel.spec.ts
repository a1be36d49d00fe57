/**
 * Routers behind NAT: an operator turns on a demo router's WireGuard tunnel and gets the
 * RouterOS v7 commands to paste. The e2e stack configures the platform's endpoint address
 * and public key but runs no endpoint (scripts/e2e_server.mjs), so no handshake is ever
 * reported: the state is "unknown" and the handshake "never". The tunnel itself is tested
 * in the worker's namespace test (apps/worker/test/integration/router_tunnel.test.ts).
 */
import { expect, test } from './fixtures';
import { OWNER, mainNav, signIn } from './sign_in';
import { expectNoSidewaysScroll } from './layout';

const ROUTER = 'RB-Pulogadung';

test('a router’s tunnel: turned on, its address and the commands to paste; turned off again', async ({ page }) => {
  await signIn(page, OWNER);
  await mainNav(page).getByRole('link', { name: 'Router', exact: true }).click();
  await page.getByRole('link', { name: new RegExp(`^${ROUTER}( |$)`) }).click(); // the row's link: name and host
  await expect(page.getByRole('heading', { name: ROUTER, level: 1 })).toBeVisible();

  const card = page.getByTestId('router-tunnel');
  await expect(card).toContainText('RRNet menghubungi router ini langsung');
  await card.getByRole('button', { name: 'Aktifkan terowongan' }).click();
  await expect(card).toContainText('Tidak diketahui'); // no endpoint has reported
  await expect(card.getByTestId('tunnel-handshake')).toHaveText('Belum pernah');
  await expect(card).toContainText(/Alamat terowongan\s*10\.200\.\d+\.\d+ \(10\.200\.\d+\.0\/24\)/);
  const commands = card.getByTestId('tunnel-commands');
  await expect(commands).toContainText('/interface wireguard add');
  await expect(commands).toContainText('endpoint-address=vpn.e2e.invalid endpoint-port=51820');
  await expect(commands).toContainText('persistent-keepalive=25s');
  await expect(commands).toContainText('/ip address add');
  await card.scrollIntoViewIfNeeded();
  await page.screenshot({ path: '../../.rrnet/screenshots/router-tunnel.png', fullPage: true });

  await page.getByLabel('Bahasa', { exact: true }).selectOption('en');
  await expect(card).toContainText('Unknown');
  await expect(card.getByTestId('tunnel-handshake')).toHaveText('Never');
  await expect(card.getByRole('button', { name: 'Turn off the tunnel' })).toBeVisible();

  await page.setViewportSize({ width: 390, height: 844 });
  await expect(commands).toBeVisible();
  await expectNoSidewaysScroll(page);
  await page.screenshot({ path: '../../.rrnet/screenshots/router-tunnel-phone.png', fullPage: true });

  await card.getByRole('button', { name: 'Turn off the tunnel' }).click();
  await expect(card).toContainText('RRNet reaches this router directly at its host');
  await expect(commands).toHaveCount(0);
});
