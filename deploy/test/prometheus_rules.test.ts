/**
 * The alert rules and the example Prometheus config, checked by Prometheus's own tool:
 * `promtool check rules` (syntax, PromQL, templates), `promtool test rules` (every
 * alert firing and not firing, deploy/prometheus/tests/rrnet_alerts_test.yml) and
 * `promtool check config` (the scrape config with its rule file). promtool comes from
 * Debian's `prometheus` package, installed on first use when running as root
 * (scripts/lib/promtool.mjs); elsewhere without it the file is skipped, saying why.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { ensurePromtool } from '../../scripts/lib/promtool.mjs';

const PROMETHEUS_DIR = fileURLToPath(new URL('../prometheus/', import.meta.url));
const RULES = join(PROMETHEUS_DIR, 'rules/rrnet_alerts.yml');
const RULE_TESTS = join(PROMETHEUS_DIR, 'tests/rrnet_alerts_test.yml');

/** The spec's alerts (§6 alerting_rules) and the dead-letter alert, with their severities. */
const EXPECTED_ALERTS: Record<string, 'critical' | 'warning' | 'info'> = {
  service_down: 'critical',
  database_unreachable: 'critical',
  high_error_rate: 'warning',
  slow_queries: 'warning',
  queue_depth_high: 'info',
  memory_usage: 'info',
  dead_letter_threshold: 'warning',
};
/** The runbooks docs/runbooks holds. */
const RUNBOOKS = ['database-down.md', 'redis-down.md', 'router-unreachable.md', 'dead-letter-alert.md', 'incident-response.md'];

const promtool = ensurePromtool();
if (promtool.path === null) console.warn(`prometheus rules: skipped, ${promtool.reason}`);

function run(args: string[]): { status: number | null; out: string } {
  const res = spawnSync(promtool.path!, args, { encoding: 'utf8', timeout: 60_000 });
  return { status: res.status, out: `${res.stdout}${res.stderr}` };
}

interface RuleFile {
  groups: { name: string; rules: { alert?: string; expr: string; for?: string; labels?: Record<string, string>; annotations?: Record<string, string> }[] }[];
}

describe('alert rules (deploy/prometheus/rules/rrnet_alerts.yml)', () => {
  const file = parseYaml(readFileSync(RULES, 'utf8')) as RuleFile;
  const alerts = file.groups.flatMap((g) => g.rules);

  it('are exactly the spec alerts plus the dead-letter alert, each with severity, summary, description and a known runbook', () => {
    expect(Object.fromEntries(alerts.map((a) => [a.alert, a.labels?.severity]))).toEqual(EXPECTED_ALERTS);
    for (const a of alerts) {
      expect(a.annotations?.summary, a.alert).toBeTruthy();
      expect(a.annotations?.description, a.alert).toBeTruthy();
      // a templated runbook_url names one file per branch: every one must be a runbook we have
      const named = [...(a.annotations?.runbook_url ?? '').matchAll(/([a-z-]+)\.md/g)].map((m) => `${m[1]}.md`);
      expect(a.annotations?.runbook_url, a.alert).toMatch(/docs\/runbooks\//);
      expect(named.length, a.alert).toBeGreaterThan(0);
      for (const name of named) expect(RUNBOOKS, a.alert).toContain(name);
    }
  });

  it.skipIf(!promtool.path)('pass promtool check rules', () => {
    const { status, out } = run(['check', 'rules', RULES]);
    expect(out).toMatch(new RegExp(`SUCCESS: ${Object.keys(EXPECTED_ALERTS).length} rules found`));
    expect(status, out).toBe(0);
  });

  it.skipIf(!promtool.path)('pass their unit tests (promtool test rules), which cover every alert firing and not firing', () => {
    const tests = parseYaml(readFileSync(RULE_TESTS, 'utf8')) as {
      tests: { alert_rule_test: { alertname: string; exp_alerts: unknown[] }[] }[];
    };
    const cases = tests.tests.flatMap((t) => t.alert_rule_test);
    for (const name of Object.keys(EXPECTED_ALERTS)) {
      expect(cases.some((c) => c.alertname === name && c.exp_alerts.length > 0), `${name} firing`).toBe(true);
      expect(cases.some((c) => c.alertname === name && c.exp_alerts.length === 0), `${name} not firing`).toBe(true);
    }
    const { status, out } = run(['test', 'rules', RULE_TESTS]);
    expect(out).toMatch(/SUCCESS/);
    expect(out).not.toMatch(/FAILED/);
    expect(status, out).toBe(0);
  });

  it.skipIf(!promtool.path)('fail promtool test rules when an expectation is wrong (the tests can fail)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rrnet-rules-'));
    try {
      cpSync(PROMETHEUS_DIR, dir, { recursive: true });
      const broken = readFileSync(RULE_TESTS, 'utf8').replace('summary: "10 open dead-letter jobs"', 'summary: "9 open dead-letter jobs"');
      writeFileSync(join(dir, 'tests/rrnet_alerts_test.yml'), broken);
      const { status, out } = run(['test', 'rules', join(dir, 'tests/rrnet_alerts_test.yml')]);
      expect(status).not.toBe(0);
      expect(out).toMatch(/alertname: dead_letter_threshold, time: 2m/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('example Prometheus config (deploy/prometheus/prometheus.yml)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rrnet-prometheus-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('scrapes the web endpoint with the bearer token and the worker, and loads the rule file', () => {
    const config = parseYaml(readFileSync(join(PROMETHEUS_DIR, 'prometheus.yml'), 'utf8')) as {
      rule_files: string[];
      scrape_configs: { job_name: string; metrics_path: string; authorization?: { type: string } }[];
    };
    expect(config.rule_files).toEqual(['rules/rrnet_alerts.yml']);
    const jobs = Object.fromEntries(config.scrape_configs.map((j) => [j.job_name, j]));
    expect(jobs['rrnet-web']).toMatchObject({ metrics_path: '/api/metrics', authorization: { type: 'Bearer' } });
    expect(jobs['rrnet-worker']).toMatchObject({ metrics_path: '/metrics' });
  });

  it.skipIf(!promtool.path)('passes promtool check config, rule file and token file included', () => {
    // the token file lives on the Prometheus host; point the copy at a real one here
    cpSync(PROMETHEUS_DIR, dir, { recursive: true });
    const tokenFile = join(dir, 'token');
    writeFileSync(tokenFile, 'metrics-token-0123456789abcdef\n');
    const text = readFileSync(join(PROMETHEUS_DIR, 'prometheus.yml'), 'utf8').replace('/etc/prometheus/secrets/rrnet_metrics_token', tokenFile);
    writeFileSync(join(dir, 'prometheus.yml'), text);
    const { status, out } = run(['check', 'config', join(dir, 'prometheus.yml')]);
    expect(out).toMatch(/SUCCESS: 7 rules found/);
    expect(status, out).toBe(0);
  });
});
