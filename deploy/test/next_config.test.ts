/**
 * apps/web/next.config.ts as the images build it: ASSET_PREFIX moves /_next/static to a
 * CDN origin and opens the CSP to exactly that origin; RRNET_NEXT_OUTPUT=standalone is the
 * only way to get the standalone output (npm start and the e2e layer keep `next start`).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';

/** the part of NextConfig used here (the root typecheck must not load next's global types) */
interface NextConfig {
  assetPrefix?: string;
  output?: string;
  headers?: () => Promise<{ source: string; headers: { key: string; value: string }[] }[]>;
}
const NEXT_CONFIG = '../../apps/web/next.config';

async function loadConfig(env: Record<string, string | undefined>): Promise<NextConfig> {
  vi.resetModules();
  for (const [key, value] of Object.entries(env)) vi.stubEnv(key, value);
  return ((await import(/* @vite-ignore */ NEXT_CONFIG)) as { default: NextConfig }).default;
}

async function csp(config: NextConfig): Promise<string> {
  const rules = await config.headers!();
  return rules[0]!.headers.find((h) => h.key === 'Content-Security-Policy')!.value;
}

afterEach(() => vi.unstubAllEnvs());

describe('next.config.ts', () => {
  it('sends the headers a scanner expects, COOP/CORP included; the build assets stay loadable from a CDN origin', async () => {
    const rules = await (await loadConfig({ ASSET_PREFIX: undefined })).headers!();
    const all = Object.fromEntries(rules[0]!.headers.map((h) => [h.key, h.value]));
    expect(rules[0]!.source).toBe('/:path*');
    expect(all).toMatchObject({
      'X-Content-Type-Options': 'nosniff',
      'X-Frame-Options': 'DENY',
      'Referrer-Policy': 'strict-origin-when-cross-origin',
      'Permissions-Policy': expect.stringContaining('camera=()'),
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Resource-Policy': 'same-origin',
    });
    expect(rules.at(-1)).toEqual({ source: '/_next/static/:path*', headers: [{ key: 'Cross-Origin-Resource-Policy', value: 'cross-origin' }] });
  });

  it('without ASSET_PREFIX or RRNET_NEXT_OUTPUT: own assets, regular build', async () => {
    const config = await loadConfig({ NODE_ENV: 'production', ASSET_PREFIX: undefined, RRNET_NEXT_OUTPUT: undefined });
    expect(config.assetPrefix).toBeUndefined();
    expect(config.output).toBeUndefined();
    expect(await csp(config)).toContain("script-src 'self' 'unsafe-inline'");
  });

  it('ASSET_PREFIX: the prefix without its trailing slash, and its origin in script/style/font/img-src', async () => {
    const config = await loadConfig({ NODE_ENV: 'production', ASSET_PREFIX: 'https://cdn.example.net/rrnet/', RRNET_NEXT_OUTPUT: 'standalone' });
    expect(config.assetPrefix).toBe('https://cdn.example.net/rrnet');
    expect(config.output).toBe('standalone');
    const policy = await csp(config);
    for (const directive of ['script-src', 'style-src', 'font-src', 'img-src']) {
      expect(policy).toMatch(new RegExp(`${directive} 'self' https://cdn\\.example\\.net[ ;]`));
    }
    expect(policy).toContain("connect-src 'self'");
  });

  it('refuses a plain-http or relative ASSET_PREFIX in production', async () => {
    await expect(loadConfig({ NODE_ENV: 'production', ASSET_PREFIX: 'http://cdn.example.net' })).rejects.toThrow(/must be an https:\/\/ URL/);
    await expect(loadConfig({ NODE_ENV: 'production', ASSET_PREFIX: '/static' })).rejects.toThrow(/Invalid URL/);
  });
});
