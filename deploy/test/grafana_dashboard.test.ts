/**
 * The Grafana dashboard (deploy/grafana/rrnet.json) and its provisioning:
 * - a JSON Schema (ajv) over what Grafana needs to load a dashboard: uid, title,
 *   schemaVersion, panels with id, type, title and gridPos inside the 24-column grid,
 *   and for every non-row panel a datasource and targets with refId and expr; plus
 *   unique ids/refIds, no overlapping panels, and every datasource being the provisioned one;
 * - every expr parses as PromQL: promtool checks them as recording rules (Grafana's
 *   $__rate_interval replaced by a duration);
 * - every metric the dashboard and the alert rules query exists in a live scrape of the
 *   web metrics (/api/metrics's registry on a real database and Redis) or the worker's
 *   /metrics, so a renamed metric breaks this test instead of a panel.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { createRedis, createUpstashBridge } from '@rrnet/cache';
import type { UpstashBridge } from '@rrnet/cache';
import { createDatabase } from '@rrnet/db';
import type { DatabaseHandle } from '@rrnet/db';
import { createTestDatabase } from '@rrnet/db/testing';
import type { TestDatabase } from '@rrnet/db/testing';
import { createLogger } from '@rrnet/logger';
import { createWebMetrics } from '@rrnet/metrics';
import { AdmissionGate } from '@rrnet/resilience';
import { startMetrics } from '../../apps/worker/src/metrics';
import { ensurePromtool } from '../../scripts/lib/promtool.mjs';
import { exposedNames, metricNamesIn, parseExposition } from '../../tests/prometheus_text';
import { TEST_PG_URL, TEST_REDIS_URL } from '../../tests/services';

const DEPLOY = fileURLToPath(new URL('../', import.meta.url));
const read = (path: string) => readFileSync(join(DEPLOY, path), 'utf8');

interface Target {
  refId: string;
  expr: string;
  datasource: { type: string; uid: string };
}
interface Panel {
  id: number;
  type: string;
  title: string;
  gridPos: { x: number; y: number; w: number; h: number };
  datasource?: { type: string; uid: string };
  targets?: Target[];
}
interface Dashboard {
  uid: string;
  title: string;
  schemaVersion: number;
  panels: Panel[];
}

const DATASOURCE_REF = {
  type: 'object',
  required: ['type', 'uid'],
  properties: { type: { const: 'prometheus' }, uid: { type: 'string', minLength: 1 } },
};
const DASHBOARD_SCHEMA = {
  type: 'object',
  required: ['uid', 'title', 'schemaVersion', 'panels', 'time'],
  properties: {
    uid: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,40}$' },
    title: { type: 'string', minLength: 1 },
    // 36+: panels reference their datasource by {type, uid}
    schemaVersion: { type: 'integer', minimum: 36 },
    time: { type: 'object', required: ['from', 'to'] },
    panels: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['id', 'type', 'title', 'gridPos'],
        properties: {
          id: { type: 'integer', minimum: 1 },
          type: { enum: ['row', 'timeseries', 'stat', 'table', 'gauge', 'bargauge'] },
          title: { type: 'string', minLength: 1 },
          gridPos: {
            type: 'object',
            required: ['x', 'y', 'w', 'h'],
            additionalProperties: false,
            properties: {
              x: { type: 'integer', minimum: 0, maximum: 23 },
              y: { type: 'integer', minimum: 0 },
              w: { type: 'integer', minimum: 1, maximum: 24 },
              h: { type: 'integer', minimum: 1 },
            },
          },
          datasource: DATASOURCE_REF,
          targets: {
            type: 'array',
            minItems: 1,
            items: {
              type: 'object',
              required: ['refId', 'expr', 'datasource'],
              properties: { refId: { type: 'string', pattern: '^[A-Z]$' }, expr: { type: 'string', minLength: 1 }, datasource: DATASOURCE_REF },
            },
          },
        },
        if: { properties: { type: { const: 'row' } } },
        then: { not: { required: ['targets'] } },
        else: { required: ['datasource', 'targets'] },
      },
    },
  },
};

const dashboard = JSON.parse(read('grafana/rrnet.json')) as Dashboard;
const queryPanels = dashboard.panels.filter((p) => p.type !== 'row');
const dashboardExprs = queryPanels.flatMap((p) => p.targets!.map((t) => ({ panel: p.title, expr: t.expr })));
const ruleExprs = (parseYaml(read('prometheus/rules/rrnet_alerts.yml')) as { groups: { rules: { alert: string; expr: string }[] }[] }).groups
  .flatMap((g) => g.rules)
  .map((r) => ({ panel: `alert ${r.alert}`, expr: r.expr }));
/** Prometheus's own series, not exported by RRNet */
const PROMETHEUS_SERIES = new Set(['up']);

describe('Grafana dashboard (deploy/grafana/rrnet.json)', () => {
  it('matches the schema of what Grafana needs to load it', () => {
    const validate = new Ajv({ allErrors: true }).compile(DASHBOARD_SCHEMA);
    expect(validate(dashboard), JSON.stringify(validate.errors, null, 2)).toBe(true);
  });

  it('the schema refuses a dashboard Grafana could not load (no uid, a panel without targets or off the grid)', () => {
    const validate = new Ajv({ allErrors: true }).compile(DASHBOARD_SCHEMA);
    const { uid: _uid, ...noUid } = dashboard;
    expect(validate(noUid)).toBe(false);
    const first = queryPanels[0]!;
    const { targets: _targets, ...noTargets } = first;
    expect(validate({ ...dashboard, panels: [noTargets] })).toBe(false);
    expect(validate({ ...dashboard, panels: [{ ...first, gridPos: { ...first.gridPos, w: 25 } }] })).toBe(false);
  });

  it('has unique panel ids and refIds, panels inside the 24 columns that do not overlap', () => {
    const ids = dashboard.panels.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const p of queryPanels) {
      const refs = p.targets!.map((t) => t.refId);
      expect(new Set(refs).size, p.title).toBe(refs.length);
    }
    for (const p of dashboard.panels) expect(p.gridPos.x + p.gridPos.w, p.title).toBeLessThanOrEqual(24);
    const overlaps = (a: Panel['gridPos'], b: Panel['gridPos']) =>
      a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
    for (const [i, a] of dashboard.panels.entries()) {
      for (const b of dashboard.panels.slice(i + 1)) expect(overlaps(a.gridPos, b.gridPos), `${a.title} / ${b.title}`).toBe(false);
    }
  });

  it('queries the provisioned datasource, and the provisioning points Grafana at the dashboard folder', () => {
    const ds = parseYaml(read('grafana/provisioning/datasources/prometheus.yml')) as { apiVersion: number; datasources: { uid: string; type: string }[] };
    expect(ds.apiVersion).toBe(1);
    const [prometheus] = ds.datasources;
    expect(prometheus).toMatchObject({ type: 'prometheus', uid: 'rrnet-prometheus' });
    for (const p of queryPanels) {
      expect(p.datasource?.uid, p.title).toBe(prometheus!.uid);
      for (const t of p.targets!) expect(t.datasource.uid, `${p.title} ${t.refId}`).toBe(prometheus!.uid);
    }
    const boards = parseYaml(read('grafana/provisioning/dashboards/rrnet.yml')) as {
      apiVersion: number;
      providers: { type: string; options: { path: string } }[];
    };
    expect(boards.apiVersion).toBe(1);
    expect(boards.providers[0]).toMatchObject({ type: 'file', options: { path: '/var/lib/grafana/dashboards/rrnet' } });
  });

  const promtool = ensurePromtool();
  it.skipIf(promtool.path === null)('every expr is valid PromQL (promtool check rules over them as recording rules)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rrnet-dashboard-'));
    try {
      const rules = {
        groups: [
          {
            name: 'dashboard',
            rules: dashboardExprs.map((e, i) => ({ record: `rrnet_dashboard:expr_${i}`, expr: e.expr.replaceAll('$__rate_interval', '1m') })),
          },
        ],
      };
      const file = join(dir, 'dashboard_rules.json');
      writeFileSync(file, JSON.stringify(rules));
      const res = spawnSync(promtool.path!, ['check', 'rules', file], { encoding: 'utf8' });
      expect(`${res.stdout}${res.stderr}`).toMatch(new RegExp(`SUCCESS: ${dashboardExprs.length} rules found`));
      expect(res.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('metrics used by the dashboard and the alert rules exist in a live scrape', () => {
  let testDb: TestDatabase;
  let bridge: UpstashBridge;
  let app: DatabaseHandle;
  let system: DatabaseHandle;
  const BRIDGE_TOKEN = 'test-token-0123456789';

  beforeAll(async () => {
    testDb = await createTestDatabase(TEST_PG_URL);
    bridge = await createUpstashBridge({ redisUrl: TEST_REDIS_URL, token: BRIDGE_TOKEN });
    app = createDatabase(testDb.appUrl, { max: 2, applicationName: 'rrnet-web-dashboard-test' });
    system = createDatabase(testDb.systemUrl, { max: 2, applicationName: 'rrnet-web-dashboard-test-system' });
  });
  afterAll(async () => {
    await app.close();
    await system.close();
    await bridge.close();
    await testDb.drop();
  });

  it('names every metric of every panel and alert', async () => {
    const logger = createLogger({ service: 'test', level: 'silent' });
    const web = createWebMetrics({
      sql: app.sql,
      systemSql: system.sql,
      pools: [{ name: 'app', sql: app.sql, applicationName: 'rrnet-web-dashboard-test', max: 2 }],
      redis: createRedis({ url: bridge.url, token: BRIDGE_TOKEN }),
      logger,
      workerStaleAfterMs: 30_000,
      cacheTtlMs: 0,
      // the gates as the web app has them (apps/web/src/server/services.ts)
      admission: { api: new AdmissionGate({ maxInFlight: 20, maxQueued: 40, queueTimeoutMs: 1000 }), sign_in: new AdmissionGate({ maxInFlight: 2, maxQueued: 8, queueTimeoutMs: 1000 }) },
    });
    web.api.onProcedure({ path: 'system.health', durationSeconds: 0.004, errorCode: null });
    web.api.onProcedure({ path: 'auth.me', durationSeconds: 0.002, errorCode: 'UNAUTHENTICATED' });
    const webScrape = parseExposition((await web.scrape()).body);

    const port = await freePort();
    const worker = startMetrics({ appSql: app.sql, systemSql: system.sql, port, logger });
    let workerText: string;
    try {
      worker.observer.onFinished?.({ name: 'analytics', jobClass: 'low', outcome: 'completed', durationMs: 12 });
      worker.onRouterSync('online');
      workerText = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    } finally {
      await worker.stop();
    }
    const exposed = new Set([...exposedNames(webScrape), ...exposedNames(parseExposition(workerText))]);
    // a scrape in which no collector failed: the names come from working collectors
    expect(webScrape.samples.some((s) => s.name === 'rrnet_metrics_collect_failures_total')).toBe(false);

    const used = [...dashboardExprs, ...ruleExprs].flatMap((e) => metricNamesIn(e.expr).map((name) => ({ ...e, name })));
    expect(used.length).toBeGreaterThan(dashboardExprs.length);
    const missing = used.filter((u) => !exposed.has(u.name) && !PROMETHEUS_SERIES.has(u.name));
    expect(missing.map((m) => `${m.panel}: ${m.name}`)).toEqual([]);
    // and the reader finds what it should (no function or label taken for a metric)
    expect(metricNamesIn('histogram_quantile(0.95, sum by (le) (rate(rrnet_api_response_time_seconds_bucket{job="rrnet-web"}[5m]))) > 1')).toEqual([
      'rrnet_api_response_time_seconds_bucket',
    ]);
  });
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}
