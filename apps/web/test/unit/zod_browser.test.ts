/**
 * The browser's zod runs without its JIT (the CSP forbids `new Function`); the module that
 * says so is imported by every browser module that parses with zod. Here: importing it
 * switches the JIT off, and a schema still parses and refuses as before.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { config } from 'zod/v4/core';
import '~/lib/zod_browser';

describe('zod in the browser', () => {
  it('validates by interpretation, with the same results', () => {
    expect(config().jitless).toBe(true);
    const schema = z.object({ name: z.string().min(2), count: z.number().int() });
    expect(schema.safeParse({ name: 'Budi', count: 3 })).toEqual({ success: true, data: { name: 'Budi', count: 3 } });
    expect(schema.safeParse({ name: 'B', count: 1.5 }).error?.issues.map((i) => i.path[0])).toEqual(['name', 'count']);
  });
});
