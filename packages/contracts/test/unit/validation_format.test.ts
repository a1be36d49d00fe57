import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { calendarDay, formatDate, formatIdr, isWellFormedText, sanitizeString, storableJson, text, zodIssuesToDetails } from '../../src';

describe('input hygiene', () => {
  it('trims and strips control characters', () => {
    expect(sanitizeString('  Budi\u0000 Santoso\u0007 ')).toBe('Budi Santoso');
    expect(sanitizeString('line\nbreak')).toBe('line\nbreak');
  });

  it('refuses text with an unpaired surrogate, keeps paired ones (emoji)', () => {
    const schema = z.strictObject({ reason: text({ min: 1, max: 50 }) });
    for (const bad of ['\uD800', 'a\uDFFFb', '\uDBFF\uDBFF', '\uDC00x\uD800', 'x\uD83D']) {
      const result = schema.safeParse({ reason: bad });
      expect(result.success, JSON.stringify(bad)).toBe(false);
      expect(zodIssuesToDetails(result.error!.issues)).toEqual({ reason: 'Contains an invalid character (an unpaired UTF-16 surrogate)' });
    }
    expect(schema.parse({ reason: 'Putus \uD83D\uDE00 kabel' })).toEqual({ reason: 'Putus \uD83D\uDE00 kabel' });
    expect(isWellFormedText('Jl. Merdeka')).toBe(true);
  });

  it('names unknown fields called like Object.prototype members', () => {
    const schema = z.strictObject({ name: text({ max: 5 }) });
    const result = schema.safeParse({ name: 'x', constructor: 1, toString: 2, hasOwnProperty: 3 });
    expect(zodIssuesToDetails(result.error!.issues)).toEqual({ constructor: 'Unknown field', toString: 'Unknown field', hasOwnProperty: 'Unknown field' });
  });

  it('bounds length after sanitising and reports field paths', () => {
    const schema = z.strictObject({ name: text({ min: 1, max: 5 }) });
    expect(schema.parse({ name: '  abc ' })).toEqual({ name: 'abc' });
    const result = schema.safeParse({ name: 'abcdefgh', extra: 1 });
    expect(result.success).toBe(false);
    const details = zodIssuesToDetails(result.error!.issues);
    expect(details).toEqual({ extra: 'Unknown field', name: expect.stringMatching(/5/) });
  });
});

describe('IDR and Jakarta time', () => {
  it('formats integer rupiah without decimals', () => {
    expect(formatIdr(150000, 'id')).toBe('Rp 150.000');
    expect(formatIdr(250000n, 'en')).toBe('IDR 250,000');
  });

  it('uses the Jakarta calendar day, not UTC', () => {
    // 2026-03-31T17:30Z is 00:30 on 1 April in Jakarta (UTC+7)
    const instant = new Date('2026-03-31T17:30:00Z');
    expect(calendarDay(instant, 'Asia/Jakarta')).toBe('2026-04-01');
    expect(calendarDay(instant, 'UTC')).toBe('2026-03-31');
    expect(formatDate(instant, 'en')).toBe('Apr 1, 2026');
  });
});

describe('storableJson: a received payload as PostgreSQL can keep it', () => {
  it('replaces NUL and unpaired surrogates in strings and keys, keeps the rest as received', () => {
    const received = { ['k\uDFFF']: 'a\uDFFFb', ok: 'emoji \uD83D\uDE00 stays', nul: 'x\u0000y', n: 5, list: ['\uD800', null, true], nested: { deep: '\uDBFF\uDBFF' } };
    expect(storableJson(received)).toEqual({ ['k\uFFFD']: 'a\uFFFDb', ok: 'emoji \uD83D\uDE00 stays', nul: 'x\uFFFDy', n: 5, list: ['\uFFFD', null, true], nested: { deep: '\uFFFD\uFFFD' } });
    expect(storableJson('plain')).toBe('plain');
    expect(storableJson(null)).toBeNull();
    expect(isWellFormedText(JSON.stringify(storableJson(received)))).toBe(true);
  });
});
