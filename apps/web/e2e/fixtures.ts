/**
 * The e2e layer's `test`: every spec imports it from here. Each page a test opens is
 * watched, and the test fails on any console error, uncaught exception or hydration
 * warning — whatever else it asserted. Two things are not errors: the browser's own
 * "Failed to load resource" line for an API call the app answered with a 4xx refusal
 * (the page shows the refusal; that is what it is for), and lines a test lists in
 * `allowedConsole` because it provokes them on purpose.
 */
import { test as base, expect } from '@playwright/test';
import type { ConsoleMessage, Page } from '@playwright/test';

export { expect };
export type { Page };

const HYDRATION = /hydrat|did not match|server rendered|text content does not match/i;

function isHandledRefusal(msg: ConsoleMessage): boolean {
  return /^Failed to load resource: the server responded with a status of 4\d\d/.test(msg.text()) && /\/api\//.test(msg.location().url);
}

export const test = base.extend<{ allowedConsole: RegExp[]; consoleGuard: void }>({
  allowedConsole: [[], { option: true }],
  consoleGuard: [
    async ({ context, allowedConsole }, use, testInfo) => {
      const problems: string[] = [];
      const watch = (page: Page) => {
        page.on('console', (msg) => {
          const text = msg.text();
          if (allowedConsole.some((re) => re.test(text))) return;
          if (msg.type() === 'error' && !isHandledRefusal(msg)) problems.push(`console.error on ${page.url()}: ${text}`);
          else if (msg.type() === 'warning' && HYDRATION.test(text)) problems.push(`hydration warning on ${page.url()}: ${text}`);
        });
        page.on('pageerror', (err) => problems.push(`uncaught exception on ${page.url()}: ${err.message}`));
      };
      context.pages().forEach(watch);
      context.on('page', watch);
      await use();
      if (problems.length) {
        await testInfo.attach('console problems', { body: problems.join('\n'), contentType: 'text/plain' });
      }
      expect(problems, 'the pages logged no error and no hydration warning').toEqual([]);
    },
    { auto: true },
  ],
});
