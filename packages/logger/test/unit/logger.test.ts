import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, enrichContext, maskPii, runWithContext } from '../../src';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk, _enc, cb) {
      lines.push(JSON.parse(String(chunk)));
      cb();
    },
  });
  return { lines, destination };
}

describe('logger', () => {
  it('writes the spec §6 fields on every line', () => {
    const { lines, destination } = capture();
    const logger = createLogger({ service: 'web', destination });
    logger.info('outside any request');
    runWithContext({ trace_id: 't1', request_id: 'r1' }, () => {
      enrichContext({ tenant_id: 'ten-1', user_id: 'u-1' });
      logger.warn({ extra: 1 }, 'inside');
    });
    for (const line of lines) {
      expect(Object.keys(line)).toEqual(
        expect.arrayContaining(['timestamp', 'level', 'service', 'trace_id', 'user_id', 'tenant_id', 'message']),
      );
    }
    expect(lines[0]).toMatchObject({ level: 'info', service: 'web', trace_id: null });
    expect(lines[1]).toMatchObject({
      level: 'warn',
      trace_id: 't1',
      tenant_id: 'ten-1',
      user_id: 'u-1',
      request_id: 'r1',
      message: 'inside',
    });
  });

  it('redacts secrets and PII', () => {
    const { lines, destination } = capture();
    const logger = createLogger({ service: 'worker', destination });
    logger.info(
      { password: 'hunter2', customer: { phone: '+628123', national_id: '3201' }, headers: { authorization: 'Bearer x' } },
      'created',
    );
    const text = JSON.stringify(lines[0]);
    expect(text).not.toMatch(/hunter2|\+628123|3201|Bearer x/);
    expect(text).toContain('[REDACTED]');
  });

  it('masks PII for display', () => {
    expect(maskPii('+6281234567890')).toBe('+628******7890');
    expect(maskPii('abc')).toBe('***');
    expect(maskPii(null)).toBe('');
  });
});
