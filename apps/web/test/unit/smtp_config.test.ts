/** The platform's e-mail in the web config: absent by default, the URL with its From address, credentials as a pair and never in the URL. */
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '@rrnet/config';
import { webConfigSchema } from '~/config';

const BASE = {
  APP_DATABASE_URL: 'postgres://app@127.0.0.1/rrnet',
  SYSTEM_DATABASE_URL: 'postgres://system@127.0.0.1/rrnet',
  AUTH_SECRET: 'x'.repeat(32),
  ENCRYPTION_KEYS: 'k1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=',
  UPSTASH_REDIS_REST_URL: 'http://127.0.0.1:8079',
  UPSTASH_REDIS_REST_TOKEN: 'bridge-token-0123456789',
};
const problems = (env: Record<string, string>) => {
  try {
    loadConfig('web', webConfigSchema, { ...BASE, ...env });
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
};

describe('the platform e-mail configuration', () => {
  it('is absent by default (no e-mail channel)', () => {
    const web = loadConfig('web', webConfigSchema, BASE);
    expect(web.SMTP_URL).toBeUndefined();
    expect(web.SMTP_TIMEOUT_MS).toBe(10_000);
  });

  it('takes an smtp:// or smtps:// URL with a From address and a user/password pair', () => {
    const web = loadConfig('web', webConfigSchema, { ...BASE, SMTP_URL: 'smtps://mail.example.net:465', SMTP_FROM: 'RRNet <no-reply@rrnet.id>', SMTP_USER: 'rrnet', SMTP_PASSWORD: 'pw', SMTP_REQUIRE_TLS: 'true' });
    expect(web).toMatchObject({ SMTP_URL: 'smtps://mail.example.net:465', SMTP_FROM: 'RRNet <no-reply@rrnet.id>', SMTP_USER: 'rrnet', SMTP_REQUIRE_TLS: true });
    expect(problems({ SMTP_URL: 'http://mail.example.net', SMTP_FROM: 'a@b.c' })).toEqual([expect.stringMatching(/^SMTP_URL: .*smtp:\/\//)]);
    expect(problems({ SMTP_URL: 'smtp://mail.example.net:587' })).toEqual([expect.stringMatching(/^SMTP_FROM: .*From address/)]);
    expect(problems({ SMTP_URL: 'smtp://u:p@mail.example.net:587', SMTP_FROM: 'a@b.c' })).toEqual([expect.stringMatching(/^SMTP_URL: .*SMTP_USER and SMTP_PASSWORD/)]);
    expect(problems({ SMTP_URL: 'smtp://mail.example.net:587', SMTP_FROM: 'a@b.c', SMTP_USER: 'rrnet' })).toEqual([expect.stringMatching(/^SMTP_PASSWORD: .*go together/)]);
  });
});
