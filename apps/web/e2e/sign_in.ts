/** Signing in through the login page, as a person would (each test signs in itself). */
import { expect } from '@playwright/test';
import type { Page } from '@playwright/test';

export const DEMO_PASSWORD = 'rrnet-demo-2026';
export const OWNER = 'owner@sinarnet.demo';
export const VIEWER = 'viewer@sinarnet.demo';
export const PLATFORM_ADMIN = 'admin@rrnet.demo';

export async function fillSignIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/login');
  await expect(page.getByRole('heading', { name: 'Masuk ke RRNet' })).toBeVisible();
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Kata sandi', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Masuk', exact: true }).click();
}

/** Signs in with the demo password and waits for the dashboard. */
export async function signIn(page: Page, email: string): Promise<void> {
  await fillSignIn(page, email, DEMO_PASSWORD);
  await expect(page).toHaveURL(/\/$/, { timeout: 20_000 });
  await expect(page.getByRole('heading', { name: 'Dasbor', level: 1 })).toBeVisible();
}

export function mainNav(page: Page) {
  return page.getByRole('navigation', { name: 'main' });
}
