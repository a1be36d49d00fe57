import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ADMISSION_ENV, ConfigError, LOG_LEVEL, POSTGRES_URL, admissionLimits, loadConfig, signInAdmissionLimits } from '../../src/env';

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

  describe('NAME_FILE (compose secrets, Kubernetes secret volumes)', () => {
    const files: Record<string, string> = { '/run/secrets/app_database_url': 'postgres://app:s3cret@db/rrnet\n' };
    const readFile = (path: string) => {
      const text = files[path];
      if (text === undefined) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
      return text;
    };

    it('reads the value from the file, without its trailing newline', () => {
      const config = loadConfig('web', schema, { APP_DATABASE_URL_FILE: '/run/secrets/app_database_url', PORT: '3000' }, readFile);
      expect(config.APP_DATABASE_URL).toBe('postgres://app:s3cret@db/rrnet');
    });

    it('refuses both NAME and NAME_FILE, and names an unreadable file', () => {
      const both = () =>
        loadConfig('web', schema, { APP_DATABASE_URL: 'postgres://a@b/c', APP_DATABASE_URL_FILE: '/run/secrets/app_database_url', PORT: '1' }, readFile);
      expect(both).toThrow(/APP_DATABASE_URL: set both APP_DATABASE_URL and APP_DATABASE_URL_FILE/);
      const missing = () => loadConfig('web', schema, { APP_DATABASE_URL_FILE: '/run/secrets/nope', PORT: '1' }, readFile);
      expect(missing).toThrow(/APP_DATABASE_URL_FILE: cannot read \/run\/secrets\/nope \(ENOENT\)/);
    });
  });
});

describe('admission gate bounds', () => {
  const schema = z.object({ DATABASE_POOL_MAX: z.coerce.number().int().default(10), ...ADMISSION_ENV });

  it('follow the pool size when unset', () => {
    expect(admissionLimits(loadConfig('web', schema, {}))).toEqual({ maxInFlight: 20, maxQueued: 40, queueTimeoutMs: 1000 });
    expect(admissionLimits(loadConfig('web', schema, { DATABASE_POOL_MAX: '4' }))).toMatchObject({ maxInFlight: 8, maxQueued: 16 });
  });

  it('take what the environment sets, a queue of 0 included', () => {
    const config = loadConfig('web', schema, { API_MAX_IN_FLIGHT: '3', API_MAX_QUEUED: '0', API_QUEUE_TIMEOUT_MS: '250' });
    expect(admissionLimits(config)).toEqual({ maxInFlight: 3, maxQueued: 0, queueTimeoutMs: 250 });
  });

  it('refuse bounds that cannot work', () => {
    expect(() => loadConfig('web', schema, { API_MAX_IN_FLIGHT: '0', API_MAX_QUEUED: '-1' })).toThrow(/API_MAX_IN_FLIGHT: invalid[\s\S]*API_MAX_QUEUED: invalid/);
    expect(() => loadConfig('web', schema, { API_SIGN_IN_MAX_IN_FLIGHT: '0' })).toThrow(/API_SIGN_IN_MAX_IN_FLIGHT: invalid/);
  });

  it('give sign-in a lane of its own: as many password checks as CPUs (1 to 4), a queue of 16 × that, 5 s of waiting', () => {
    const unset = loadConfig('web', schema, {});
    expect(signInAdmissionLimits(unset, 2)).toEqual({ maxInFlight: 2, maxQueued: 32, queueTimeoutMs: 5000 });
    expect(signInAdmissionLimits(unset, 64)).toMatchObject({ maxInFlight: 4, maxQueued: 64 });
    expect(signInAdmissionLimits(unset, 0)).toMatchObject({ maxInFlight: 1, maxQueued: 16 });
    const set = loadConfig('web', schema, { API_SIGN_IN_MAX_IN_FLIGHT: '6', API_SIGN_IN_MAX_QUEUED: '0', API_SIGN_IN_QUEUE_TIMEOUT_MS: '300' });
    expect(signInAdmissionLimits(set, 2)).toEqual({ maxInFlight: 6, maxQueued: 0, queueTimeoutMs: 300 });
  });
});
