/** Layout checks the specs share. */
import { expect } from './fixtures';
import type { Page } from './fixtures';

/** The page fits the viewport's width: nothing makes it scroll sideways (a pixel of rounding allowed). */
export async function expectNoSidewaysScroll(page: Page): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, `sideways scroll on ${page.url()}`).toBeLessThanOrEqual(1);
}
