/// <reference lib="dom" />
/**
 * bench/web: what the operator pages cost a browser — the production build (`next start`,
 * compressed responses) in Debian's Chromium. Per page (dashboard, customers, invoices,
 * map, routers), signed in as the demo ISP's owner, each visit cold (the browser cache is
 * off, so every page pays for all of its JavaScript):
 *   - js_kb: JavaScript transferred (compressed bytes on the wire, CDP encodedDataLength);
 *   - lcp_ms: Largest Contentful Paint (PerformanceObserver, buffered);
 *   - ttfb_ms: navigation responseStart − startTime.
 * Median of --runs visits (default 3). Budget: ≤ 180 KB of JavaScript per page, the map
 * ≤ 230 KB, LCP ≤ 1.0 s. The stack is the one the e2e layer runs (scripts/lib/stack.mjs)
 * on a database of its own with the demo data.
 *
 * Ports: --port, and ROUTER_SIM_BASE_PORT / WA_SIM_PORT from the environment.
 *   pnpm bench:web [--skip-build] [--runs 3] [--port 3500] [--label after] [--out bench/results/web.json]
 * --label names the measurement inside the JSON (`before` / `after`); the file keeps the
 * other labels it already holds, so one file shows a change's before and after.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import postgres from 'postgres';
import { ensureDatabase } from '../../scripts/lib/backends.mjs';
import { startStack } from '../../scripts/lib/stack.mjs';
import { ensurePnpm } from '../../scripts/lib/toolchain.mjs';
import { machineInfo } from '../machine';

const { values: flags } = parseArgs({
  options: {
    'skip-build': { type: 'boolean', default: false },
    runs: { type: 'string', default: '3' },
    port: { type: 'string', default: '3500' },
    label: { type: 'string', default: 'after' },
    note: { type: 'string', default: '' },
    out: { type: 'string', default: 'bench/results/web.json' },
  },
});
const RUNS = Number(flags.runs);
const PORT = Number(flags.port);
const PAGES = [
  { name: 'dashboard', route: '/', budget_kb: 180 },
  { name: 'customers', route: '/customers', budget_kb: 180 },
  { name: 'invoices', route: '/billing/invoices', budget_kb: 180 },
  { name: 'map', route: '/maps', budget_kb: 230 },
  { name: 'routers', route: '/network/routers', budget_kb: 180 },
] as const;
const LCP_BUDGET_MS = 1000;

interface Visit {
  js_kb: number;
  js_files: number;
  /** the largest scripts of the visit (path, compressed KB): where the bytes go */
  largest?: { path: string; kb: number }[];
  lcp_ms: number | null;
  /** the element of the last LCP entry ("div in revenue-chart"): what the page waited for */
  lcp_element: string | null;
  ttfb_ms: number;
  /** the page's API calls (first run): the procedures of each request, when it was sent and when its last byte came, ms after navigation start */
  api?: { procedures: string; sent_ms: number; done_ms: number }[];
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)]! : 0;
};
const round1 = (x: number) => Math.round(x * 10) / 10;
/** os.loadavg() (1, 5, 15 min): the machine is shared; LCP and TTFB inflate under load, bytes don't */
const loadAverage = () => loadavg().map((v) => Math.round(v * 100) / 100);

async function measure(base: string) {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'id-ID' });
    const page = await context.newPage();
    await page.goto(`${base}/login`);
    await page.locator('input[name=email]').fill('owner@sinarnet.demo');
    await page.locator('input[name=password]').fill('rrnet-demo-2026');
    await page.locator('form button[type=submit]').click();
    await page.waitForURL(/\/$/, { timeout: 60_000 });
    await page.close();

    const results: Record<string, { runs: Visit[] }> = {};
    // one warm-up visit per page (the server compiles nothing in production, but its
    // route modules and database pools load on first use)
    for (const p of PAGES) {
      const warm = await context.newPage();
      await warm.goto(`${base}${p.route}`, { waitUntil: 'networkidle' });
      await warm.close();
    }
    for (let run = 0; run < RUNS; run++) {
      for (const p of PAGES) {
        const tab = await context.newPage();
        const cdp = await context.newCDPSession(tab);
        await cdp.send('Network.enable');
        await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
        const scripts = new Map<string, string>();
        const sizes: { path: string; kb: number }[] = [];
        const apiSent = new Map<string, { procedures: string; at: number }>();
        const api: { procedures: string; sent: number; done: number }[] = [];
        let docAt: number | null = null;
        cdp.on('Network.requestWillBeSent', (e: { requestId: string; timestamp: number; type?: string; request: { url: string } }) => {
          if (e.type === 'Document' && docAt === null) docAt = e.timestamp;
          const url = new URL(e.request.url);
          if (url.pathname.startsWith('/api/trpc/')) apiSent.set(e.requestId, { procedures: decodeURIComponent(url.pathname.slice('/api/trpc/'.length)), at: e.timestamp });
        });
        let bytes = 0;
        cdp.on('Network.responseReceived', (e: { requestId: string; type: string; response: { url: string } }) => {
          if (e.type === 'Script') scripts.set(e.requestId, new URL(e.response.url).pathname);
        });
        cdp.on('Network.loadingFinished', (e: { requestId: string; encodedDataLength: number; timestamp: number }) => {
          const call = apiSent.get(e.requestId);
          if (call) api.push({ procedures: call.procedures, sent: call.at, done: e.timestamp });
          const path = scripts.get(e.requestId);
          if (path === undefined) return;
          bytes += e.encodedDataLength;
          sizes.push({ path, kb: round1(e.encodedDataLength / 1024) });
        });
        // no named functions inside: tsx's keepNames would call a `__name` the page does not have
        await tab.addInitScript(() => {
          const w = window as unknown as { __lcp: number | null; __lcpElement: string | null; __lcpOn: (entries: PerformanceEntryList) => void; __lcpTake: () => void };
          w.__lcp = null;
          w.__lcpElement = null;
          w.__lcpOn = (entries) => {
            for (const entry of entries) {
              w.__lcp = entry.startTime;
              // what painted last as the largest: its test id, or its tag and first class
              const el = (entry as PerformanceEntry & { element?: Element | null }).element;
              const tagged = el?.closest('[data-testid]')?.getAttribute('data-testid');
              w.__lcpElement = el ? `${el.tagName.toLowerCase()}${tagged ? ` in ${tagged}` : ''}` : null;
            }
          };
          const observer = new PerformanceObserver((list) => w.__lcpOn(list.getEntries()));
          observer.observe({ type: 'largest-contentful-paint', buffered: true });
          // entries the browser has not delivered to the callback yet (a busy machine delays it)
          w.__lcpTake = () => w.__lcpOn(observer.takeRecords());
        });
        await tab.goto(`${base}${p.route}`, { waitUntil: 'networkidle', timeout: 60_000 });
        const timing = await tab.evaluate(async () => {
          const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
          const w = window as unknown as { __lcp?: number | null; __lcpElement?: string | null; __lcpTake?: () => void };
          // none yet: give the browser a few frames to report the paint it made (a document the
          // init script did not reach has no observer: its LCP stays unknown, counted as over budget)
          w.__lcpTake?.();
          for (let i = 0; i < 20 && w.__lcpTake && (w.__lcp ?? null) === null; i++) {
            await new Promise((r) => setTimeout(r, 100));
            w.__lcpTake();
          }
          return { ttfb: nav.responseStart - nav.startTime, lcp: w.__lcp ?? null, lcpElement: w.__lcpElement ?? null };
        });
        // CDP timestamps are monotonic seconds; the page's own request is the zero
        const navStart = docAt ?? 0;
        (results[p.name] ??= { runs: [] }).runs.push({
          js_kb: round1(bytes / 1024),
          js_files: scripts.size,
          ...(run === 0 ? { largest: sizes.sort((a, b) => b.kb - a.kb).slice(0, 20) } : {}),
          ...(run === 0 && api.length > 0 ? { api: api.map((c) => ({ procedures: c.procedures, sent_ms: Math.round((c.sent - navStart) * 1000), done_ms: Math.round((c.done - navStart) * 1000) })) } : {}),
          lcp_ms: timing.lcp === null ? null : Math.round(timing.lcp),
          lcp_element: timing.lcpElement,
          ttfb_ms: Math.round(timing.ttfb),
        });
        await tab.close();
      }
    }
    return PAGES.map((p) => {
      const runs = results[p.name]!.runs;
      const js = median(runs.map((r) => r.js_kb));
      const lcp = median(runs.map((r) => r.lcp_ms ?? Number.POSITIVE_INFINITY));
      return {
        page: p.name,
        route: p.route,
        js_kb: js,
        js_budget_kb: p.budget_kb,
        lcp_ms: Number.isFinite(lcp) ? lcp : null,
        ttfb_ms: median(runs.map((r) => r.ttfb_ms)),
        within_budget: js <= p.budget_kb && Number.isFinite(lcp) && lcp <= LCP_BUDGET_MS,
        runs,
      };
    });
  } finally {
    await browser.close();
  }
}

const serverUrl = process.env.RRNET_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const dbName = `rrnet_bench_web_${randomBytes(4).toString('hex')}`;
const adminUrl = await ensureDatabase(serverUrl, dbName);

async function dropDatabase() {
  const sql = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    await sql.unsafe(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
  } finally {
    await sql.end();
  }
}

await startStack({
  pnpm: ensurePnpm(),
  mode: 'production',
  build: !flags['skip-build'],
  env: {
    ...process.env,
    DATABASE_URL: adminUrl,
    REDIS_URL: process.env.RRNET_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
    LOG_LEVEL: 'error',
    WORKER_CRON: 'false',
    ROUTER_SIM_BASE_PORT: process.env.ROUTER_SIM_BASE_PORT ?? String(PORT + 100),
    WA_SIM_PORT: process.env.WA_SIM_PORT ?? String(PORT + 90),
    REDIS_KEY_PREFIX: `rrnet-bench-web-${randomBytes(4).toString('hex')}`,
    RATE_LIMIT_SCALE: '100',
  },
  port: PORT,
  onStop: dropDatabase,
  onReady: async ({ base, shutdown }) => {
    let code = 0;
    try {
      const loadAtStart = loadAverage();
      const pages = await measure(base);
      const out = flags.out!;
      const previous = existsSync(out) ? (JSON.parse(readFileSync(out, 'utf8')) as { measurements?: Record<string, unknown> }) : {};
      const measurement = {
        measured_at: new Date().toISOString(),
        note: flags.note,
        machine: machineInfo({ server: 'next start (production build), Debian Chromium headless, same machine', chromium: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' }),
        load_average: { start: loadAtStart, end: loadAverage(), note: 'os.loadavg() 1, 5, 15 min' },
        runs_per_page: RUNS,
        all_within_budget: pages.every((p) => p.within_budget),
        pages,
      };
      const result = {
        benchmark: 'web: JavaScript transferred (compressed), LCP and TTFB per operator page, cold cache, production build in Chromium',
        budget: { js_kb: 180, map_js_kb: 230, lcp_ms: LCP_BUDGET_MS },
        measurements: { ...(previous.measurements ?? {}), [flags.label!]: measurement },
      };
      mkdirSync(dirname(out), { recursive: true });
      writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
      for (const p of pages) console.error(`${p.page.padEnd(10)} js ${p.js_kb} KB  lcp ${p.lcp_ms} ms  ttfb ${p.ttfb_ms} ms  ${p.within_budget ? 'ok' : 'OVER'}`);
    } catch (err) {
      console.error(err);
      code = 1;
    }
    await shutdown(code);
  },
});
