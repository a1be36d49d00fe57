import { defineConfig } from '@playwright/test';

// E2E in Debian's Chromium (never `playwright install`): the production build, worker
// started by scripts/e2e_server.mjs on a fresh database (Redis over RESP, no bridge).
const PORT = Number(process.env.E2E_PORT ?? 3100);
// the e2e server's simulated routers; the specs read the same variable
process.env.E2E_ROUTER_SIM_BASE_PORT ??= '18728';

export default defineConfig({
  testDir: './e2e',
  timeout: 30_000,
  workers: 1,
  retries: 0,
  reporter: [['list'], ['json', { outputFile: '../../.rrnet/reports/e2e.json' }]],
  outputDir: '../../.rrnet/e2e-results',
  use: {
    baseURL: `http://localhost:${PORT}`,
    browserName: 'chromium',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  webServer: {
    command: 'node ../../scripts/e2e_server.mjs',
    url: `http://localhost:${PORT}/api/health/ready`,
    timeout: 900_000, // the build, migrations and seed on a loaded 2-core machine
    reuseExistingServer: false,
    stdout: 'pipe',
    stderr: 'pipe',
    gracefulShutdown: { signal: 'SIGTERM', timeout: 30_000 },
  },
});
