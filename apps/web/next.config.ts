import type { NextConfig } from 'next';
import createNextIntlPlugin from 'next-intl/plugin';
import { DEFAULT_TILE_URL, tileOrigin } from './src/lib/map_tiles';

/**
 * Content-Security-Policy: only this origin, plus the map's tile server (MAP_TILE_URL,
 * OpenStreetMap by default; read when building, like ASSET_PREFIX).
 * Next.js puts its bootstrap and RSC payload in inline scripts, hence 'unsafe-inline'
 * (nonces would make every page dynamic); the dev server also needs eval for refresh.
 */
const DEV = process.env.NODE_ENV !== 'production';

/**
 * ASSET_PREFIX: the CDN origin that serves /_next/static (docs/cdn.md), e.g.
 * https://cdn.example.net; unset: the app serves its own assets. Read when `next build`
 * runs (the standalone server keeps the value it was built with) and by `next start`.
 * The CDN's origin is allowed in the CSP for scripts, styles, fonts and images.
 */
function assetPrefix(value: string | undefined): { prefix: string | undefined; origin: string } {
  if (!value) return { prefix: undefined, origin: '' };
  const url = new URL(value); // throws on anything but an absolute URL
  if (url.protocol !== 'https:' && !(DEV && url.protocol === 'http:')) {
    throw new Error(`ASSET_PREFIX must be an https:// URL, got ${value}`);
  }
  return { prefix: value.replace(/\/+$/, ''), origin: ` ${url.origin}` };
}
const ASSETS = assetPrefix(process.env.ASSET_PREFIX);

const TILES = tileOrigin(process.env.MAP_TILE_URL ?? DEFAULT_TILE_URL);

const CSP = [
  "default-src 'self'",
  `script-src 'self'${ASSETS.origin} 'unsafe-inline'${DEV ? " 'unsafe-eval'" : ''}`,
  `style-src 'self'${ASSETS.origin} 'unsafe-inline'`,
  `img-src 'self'${ASSETS.origin} data: blob: ${TILES}`,
  `font-src 'self'${ASSETS.origin} data:`,
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const config: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // RRNET_NEXT_OUTPUT=standalone (set by deploy/docker/web.Dockerfile): .next/standalone holds
  // server.js and only the traced node_modules, for the container image. Unset (npm start,
  // the e2e layer): the regular build that `next start` serves.
  output: process.env.RRNET_NEXT_OUTPUT === 'standalone' ? 'standalone' : undefined,
  assetPrefix: ASSETS.prefix,
  // Internal packages export TypeScript source; Next.js transpiles them (no build step).
  transpilePackages: [
    '@rrnet/api',
    '@rrnet/cache',
    '@rrnet/config',
    '@rrnet/contracts',
    '@rrnet/core',
    '@rrnet/db',
    '@rrnet/mail',
    '@rrnet/logger',
    '@rrnet/metrics',
    '@rrnet/ui',
  ],
  serverExternalPackages: ['pino', 'pino-pretty', 'postgres', 'ioredis', 'graphile-worker', 'prom-client', 'nodemailer'],
  typescript: { ignoreBuildErrors: true }, // typecheck runs separately in the test command
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'X-Frame-Options', value: 'DENY' },
          { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
          { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(self)' },
          { key: 'Content-Security-Policy', value: CSP },
          // cross-origin isolation a scanner expects: no opener across origins, our responses not
          // embeddable by other sites (the build's assets below excepted, for a CDN origin)
          { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
          { key: 'Cross-Origin-Resource-Policy', value: 'same-origin' },
          // browsers honour it over HTTPS only; production is served behind TLS (spec §8)
          ...(DEV ? [] : [{ key: 'Strict-Transport-Security', value: 'max-age=63072000; includeSubDomains' }]),
        ],
      },
      // scripts, styles and fonts of the build are loaded from ASSET_PREFIX's origin when set:
      // that origin proxies these responses, so they must be usable cross-origin (later rule wins)
      { source: '/_next/static/:path*', headers: [{ key: 'Cross-Origin-Resource-Policy', value: 'cross-origin' }] },
    ];
  },
};

// next-intl: messages and formats per request (src/i18n/request.ts); no locale in URLs
/**
 * next-intl; the catalogues (messages/{id,en}/{module}.json) are compiled when building:
 * the browser gets each ICU message already parsed and only the small formatter
 * (use-intl/format-message/format-only), not intl-messageformat's parser (~13 KB per page).
 */
export default createNextIntlPlugin({
  requestConfig: './src/i18n/request.ts',
  experimental: { messages: { path: './messages', format: 'json', locales: 'infer', precompile: true } },
})(config);
