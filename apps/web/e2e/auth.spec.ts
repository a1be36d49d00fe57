import { expect, test } from './fixtures';
import { OWNER, fillSignIn, mainNav, signIn } from './sign_in';

test('operator pages and the API need a session', async ({ page, request }) => {
  for (const path of ['/', '/admin/users', '/profile']) {
    await page.goto(path);
    await expect(page).toHaveURL(/\/login$/);
  }
  await expect(page.getByRole('heading', { name: 'Masuk ke RRNet' })).toBeVisible();
  const sessions = await request.get('/api/trpc/auth.sessions');
  expect(sessions.status()).toBe(401);
  expect((await sessions.json()).error.json.data.error_code).toBe('UNAUTHENTICATED'); // superjson-wrapped
});

// Before the owner's successful sign-ins: a success resets the account's failure count.
test('a wrong password shows the translated error and stays on /login', async ({ page }) => {
  await fillSignIn(page, OWNER, 'bukan-kata-sandi-ini');
  await expect(page.getByTestId('login-error')).toHaveText('Email atau kata sandi salah.');
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByLabel('Email', { exact: true })).toHaveValue(OWNER);
  await page.screenshot({ path: '../../.rrnet/screenshots/login_error.png' });

  await page.getByLabel('Bahasa', { exact: true }).selectOption('en');
  await expect(page.getByTestId('login-error')).toHaveText('The e-mail or password is wrong.');
  await expect(page.getByRole('heading', { name: 'Sign in to RRNet' })).toBeVisible();
});

test('the owner signs in, sees name and ISP, switches to English and signs out', async ({ page }) => {
  await page.goto('/login');
  await page.screenshot({ path: '../../.rrnet/screenshots/login.png' });
  await signIn(page, OWNER);
  await expect(page.getByTestId('user-name')).toHaveText('Budi Santoso');
  await expect(page.getByTestId('tenant-name')).toHaveText('Sinar Net Jakarta');
  await expect(page.getByTestId('greeting')).toHaveText('Selamat datang, Budi Santoso.');
  await expect(page.getByTestId('tenant-line')).toHaveText('Anda bekerja di Sinar Net Jakarta sebagai Pemilik.');

  await page.getByLabel('Bahasa', { exact: true }).selectOption('en');
  await expect(page.getByRole('heading', { name: 'Dashboard', level: 1 })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Dashboard', level: 1 })).toBeVisible();
  await expect(page.getByTestId('tenant-line')).toHaveText('You are working in Sinar Net Jakarta as Owner.');
  await expect(mainNav(page).getByRole('link', { name: 'Users', exact: true })).toBeVisible();

  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByRole('heading', { name: 'Sign in to RRNet' })).toBeVisible();
  await page.goto('/');
  await expect(page).toHaveURL(/\/login$/);
});

test('the profile lists the sessions; ending one signs that browser out; sign out everywhere', async ({ page, browser }) => {
  await signIn(page, OWNER);
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await signIn(otherPage, OWNER);

  await mainNav(page).getByRole('link', { name: 'Profil', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Profil', level: 1 })).toBeVisible();
  const current = page.getByTestId('session-current');
  await expect(current).toHaveCount(1);
  await expect(current).toContainText('Sesi ini');
  await expect(current).toContainText('Chrome');
  // newest first: the other browser's session is the first one that is not this one
  const others = page.getByTestId('session-other');
  await expect(others.first()).toBeVisible();
  const before = await others.count();
  await others.first().getByRole('button', { name: 'Akhiri sesi' }).click();
  await expect(page.getByRole('status')).toHaveText('Sesi diakhiri.');
  await expect(others).toHaveCount(before - 1);
  await page.screenshot({ path: '../../.rrnet/screenshots/profile.png', fullPage: true });

  await otherPage.goto('/profile');
  await expect(otherPage).toHaveURL(/\/login$/);
  await other.close();

  await page.getByRole('button', { name: 'Keluar dari semua perangkat' }).click();
  await expect(page).toHaveURL(/\/login$/);
  await page.goto('/profile');
  await expect(page).toHaveURL(/\/login$/);
});
