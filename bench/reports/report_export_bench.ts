/**
 * bench/reports: report_generation's exports of the customers list at 10k and 100k rows,
 * as CSV and as XLSX — the core runExport the worker task calls, as rrnet_app through
 * withTenant (one transaction per 2,000-row batch), on a throwaway database whose load
 * tenants are generated set-based (seedLoad). Per run: rows, wall time, file size, and the
 * process's peak heap and RSS above the level before the run (sampled every 10 ms and
 * after each batch; a GC before each run when node runs with --expose-gc), and the live
 * heap — heap used right after a forced GC at the end of each batch, i.e. what the export
 * still holds, without the garbage V8 lets pile up between collections. Flat memory means
 * the 100k runs' live heap stays where the 10k runs' does: the job holds one batch and one
 * 512 KiB piece of the file, never the file.
 *
 *   pnpm bench:reports   (RRNET_TEST_PG_URL)
 * Writes bench/results/report_export.json.
 */
import { writeFileSync } from 'node:fs';
import { runExport, requestExport } from '@rrnet/core/reports/exports';
import { ConfigKeyProvider, SecretBox, generateKeySpec } from '@rrnet/crypto';
import { createDatabase, withTenant } from '@rrnet/db';
import type { TenantTx } from '@rrnet/db';
import { seedDemo } from '@rrnet/db/seed';
import { seedLoad } from '@rrnet/db/seed/load';
import { createTestDatabase } from '@rrnet/db/testing';
import type { ReportExportFormat } from '@rrnet/contracts';
import { machineInfo } from '../machine';

const SERVER = process.env.RRNET_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const SIZES = [10_000, 100_000];
const FORMATS: ReportExportFormat[] = ['csv', 'xlsx'];
const MiB = 2 ** 20;

async function main() {
  const gc = (globalThis as { gc?: () => void }).gc;
  const db = await createTestDatabase(SERVER, { prefix: 'rrnet_bench_reports' });
  const secretBox = new SecretBox(new ConfigKeyProvider(generateKeySpec()));
  const app = createDatabase(db.appUrl, { max: 4 });
  const runs: Record<string, unknown>[] = [];
  try {
    await seedDemo({ appUrl: db.appUrl, systemUrl: db.systemUrl, secretBox });
    const tenants = new Map<number, string>();
    for (const n of SIZES) {
      const load = await seedLoad({ adminUrl: db.adminUrl, tenants: 1, customersPerTenant: n, secretBox, prefix: `rpt${n}` });
      tenants.set(n, load.tenantIds[0]!);
      console.log(`seeded ${n} customers in ${load.seconds.toFixed(1)} s`);
    }
    for (const format of FORMATS) {
      for (const n of SIZES) {
        const tenantId = tenants.get(n)!;
        const inTenant = <T>(fn: (tx: TenantTx) => Promise<T>) => withTenant(app.sql, { tenantId }, fn);
        const e = await inTenant((tx) => requestExport(tx, { tenantId, userId: null, timezone: 'Asia/Jakarta', unmasked: false }, { kind: 'customers', format }, '2026-12-04'));
        gc?.();
        const base = process.memoryUsage();
        let peakHeap = base.heapUsed;
        let peakRss = base.rss;
        let peakLive = base.heapUsed;
        const sample = () => {
          const m = process.memoryUsage();
          peakHeap = Math.max(peakHeap, m.heapUsed);
          peakRss = Math.max(peakRss, m.rss);
        };
        const afterBatch = () => {
          sample();
          if (!gc) return;
          gc();
          peakLive = Math.max(peakLive, process.memoryUsage().heapUsed);
        };
        const timer = setInterval(sample, 10);
        const started = performance.now();
        const result = await runExport(inTenant, e.id, { onBatch: afterBatch }).finally(() => clearInterval(timer));
        const ms = performance.now() - started;
        const run = {
          format,
          rows: result.rows,
          ms: Math.round(ms),
          rows_per_s: Math.round(result.rows / (ms / 1000)),
          file_bytes: result.bytes,
          heap_before_mib: Number((base.heapUsed / MiB).toFixed(1)),
          peak_heap_growth_mib: Number(((peakHeap - base.heapUsed) / MiB).toFixed(1)),
          peak_live_heap_growth_mib: gc ? Number(((peakLive - base.heapUsed) / MiB).toFixed(1)) : null,
          rss_before_mib: Number((base.rss / MiB).toFixed(1)),
          peak_rss_growth_mib: Number(((peakRss - base.rss) / MiB).toFixed(1)),
        };
        runs.push(run);
        console.log(JSON.stringify(run));
      }
    }
  } finally {
    await app.close();
    await db.drop();
  }
  const growth = (key: string, format: string, rows: number) => runs.find((r) => r.format === format && r.rows === rows)?.[key] as number;
  const ratio = (key: string) => Object.fromEntries(FORMATS.map((f) => [f, Number((growth(key, f, 100_000) / Math.max(1, growth(key, f, 10_000))).toFixed(2))]));
  const out = {
    benchmark: 'report_export',
    description: 'report_generation customers export (core runExport as rrnet_app, 2,000-row batches, 512 KiB pieces stored in tenant_report_chunks) at 10k and 100k rows, CSV and XLSX; memory above the level before each run',
    machine: machineInfo({ gc_before_runs: gc ? 'yes (--expose-gc)' : 'no', postgres: 'local server (RRNET_TEST_PG_URL)' }),
    state: 'export states queued → running → completed (REPORT_EXPORT_TRANSITIONS)',
    baseline: 'the 10k run of the same format: flat memory means the 100k peak stays near it (the file is 10× larger)',
    timing_note: 'ms includes a forced GC after every batch when --expose-gc is on (the live-heap measurement), and the machine was shared with other builds: read the times as an upper bound',
    runs,
    peak_heap_growth_ratio_100k_vs_10k: ratio('peak_heap_growth_mib'),
    live_heap_growth_ratio_100k_vs_10k: gc ? ratio('peak_live_heap_growth_mib') : null,
    measured_at: new Date().toISOString(),
  };
  writeFileSync(new URL('../results/report_export.json', import.meta.url), `${JSON.stringify(out, null, 2)}\n`);
  console.log('wrote bench/results/report_export.json');
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
