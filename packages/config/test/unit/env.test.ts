import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigError, LOG_LEVEL, POSTGRES_URL, loadConfig } from '../../src/env';

const schema = z.object({
  APP_DATABASE_URL: POSTGRES_URL,
  LOG_LEVEL,
  PORT: z.coerce.number().int(),
});

describe('loadConfig', () => {
  it('parses and applies defaults', () => {
    const config = loadConfig('web', schema, {
      APP_DATABASE_URL: 'postgres://a@b/c',
      PORT: '3000',
      UNRELATED: 'x',
    });
    expect(config).toEqual({ APP_DATABASE_URL: 'postgres://a@b/c', LOG_LEVEL: 'info', PORT: 3000 });
  });

  it('names every missing and invalid variable in one message', () => {
    let error: unknown;
    try {
      loadConfig('web', schema, { LOG_LEVEL: 'loud', PORT: '' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    expect(message).toContain('Invalid configuration for web');
    expect(message).toMatch(/APP_DATABASE_URL: missing/);
    expect(message).toMatch(/LOG_LEVEL: invalid/);
    expect(message).toMatch(/PORT: missing/);
    expect((error as ConfigError).problems).toHaveLength(3);
  });
});
