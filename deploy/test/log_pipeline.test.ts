/**
 * deploy/logging/vector.yaml against what @rrnet/logger really writes: a line logged in a
 * request context carries every spec §6 field (timestamp, level, service, trace_id,
 * user_id, tenant_id, message) under the names the Vector remap reads, and the pipeline is
 * wired source → remap → sink with only low-cardinality Loki labels. Vector itself is not
 * run here: it is in neither Debian's nor npm's registry, the two this machine reaches.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { createLogger, runWithContext } from '@rrnet/logger';

const SPEC_FIELDS = ['timestamp', 'level', 'service', 'trace_id', 'user_id', 'tenant_id', 'message'];
const SPEC_LEVELS = ['error', 'warn', 'info', 'debug'];

interface VectorConfig {
  sources: Record<string, { type: string }>;
  transforms: Record<string, { type: string; inputs: string[]; source: string }>;
  sinks: Record<string, { type: string; inputs: string[]; labels?: Record<string, string> }>;
}
const vector = parseYaml(readFileSync(fileURLToPath(new URL('../logging/vector.yaml', import.meta.url)), 'utf8')) as VectorConfig;

function captureLines(service: string, fn: (logger: ReturnType<typeof createLogger>) => void): Record<string, unknown>[] {
  const lines: string[] = [];
  const logger = createLogger({ service, level: 'debug', destination: { write: (chunk: string) => void lines.push(chunk) } });
  fn(logger);
  return lines.join('').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('log lines and the Vector pipeline', () => {
  it('the logger writes every spec field, with the values of the request context', () => {
    const [info, failure] = captureLines('web', (logger) =>
      runWithContext({ trace_id: '0af7651916cd43dd8448eb211c80319c', request_id: 'req-00000001', user_id: 'u-1', tenant_id: 't-1' }, () => {
        logger.info({ path: 'billing.invoices.list' }, 'procedure done');
        logger.error({ err: new Error('boom') }, 'procedure failed');
      }),
    );
    for (const line of [info!, failure!]) {
      for (const field of SPEC_FIELDS) expect(line, field).toHaveProperty(field);
      expect(SPEC_LEVELS).toContain(line.level);
      expect(new Date(line.timestamp as string).toISOString()).toBe(line.timestamp);
    }
    expect(info).toMatchObject({ level: 'info', service: 'web', trace_id: '0af7651916cd43dd8448eb211c80319c', user_id: 'u-1', tenant_id: 't-1', message: 'procedure done', request_id: 'req-00000001', path: 'billing.invoices.list' });
    expect(failure).toMatchObject({ level: 'error', message: 'procedure failed', err: { message: 'boom' } });
    // outside any request: the ids are present and null, so a parser never misses a key
    const [bare] = captureLines('worker', (logger) => logger.warn('no context'));
    expect(bare).toMatchObject({ service: 'worker', level: 'warn', trace_id: null, user_id: null, tenant_id: null, message: 'no context' });
  });

  it('the remap reads each spec field by the name the logger writes and keeps the others under fields', () => {
    const remap = Object.values(vector.transforms).find((t) => t.type === 'remap')!;
    for (const field of SPEC_FIELDS) expect(remap.source, field).toContain(`line.${field}`);
    expect(remap.source).toContain('parse_json(raw)');
    const kept = /includes\(\[([^\]]*)\], key\)/.exec(remap.source)?.[1]?.split(',').map((s) => s.trim().replace(/"/g, ''));
    expect(kept?.sort()).toEqual([...SPEC_FIELDS].sort());
  });

  it('is wired source → remap → sink, labelling Loki by service and level only', () => {
    const ids = new Set([...Object.keys(vector.sources), ...Object.keys(vector.transforms)]);
    for (const [name, t] of Object.entries(vector.transforms)) for (const input of t.inputs) expect(ids, name).toContain(input);
    for (const [name, s] of Object.entries(vector.sinks)) for (const input of s.inputs) expect(Object.keys(vector.transforms), name).toContain(input);
    const loki = Object.values(vector.sinks).find((s) => s.type === 'loki')!;
    expect(Object.keys(loki.labels ?? {}).sort()).toEqual(['level', 'service']);
    for (const highCardinality of ['trace_id', 'user_id', 'tenant_id']) expect(JSON.stringify(loki.labels)).not.toContain(highCardinality);
  });
});
