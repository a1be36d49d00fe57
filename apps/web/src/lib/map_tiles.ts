/**
 * The map's tile server: OpenStreetMap unless the deployment names its own
 * (MAP_TILE_URL, e.g. an ISP's self-hosted tiles). The Content-Security-Policy allows
 * images from that origin only (next.config.ts).
 */
export const DEFAULT_TILE_URL = 'https://tile.openstreetmap.org/{z}/{x}/{y}.png';
export const DEFAULT_TILE_ATTRIBUTION = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>';

/** A tile URL template is an absolute http(s) URL with {z}, {x} and {y}. */
export function isTileUrl(value: string): boolean {
  if (!/\{z\}/.test(value) || !/\{x\}/.test(value) || !/\{y\}/.test(value)) return false;
  try {
    const url = new URL(value.replace(/\{[a-z]\}/g, '0'));
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

/** The origin the CSP must allow images from ({s} subdomains become a wildcard). */
export function tileOrigin(template: string): string {
  const url = new URL(template.replace(/\{s\}/g, 'SUBDOMAIN').replace(/\{[a-z]\}/g, '0'));
  return `${url.protocol}//${url.host.replace('SUBDOMAIN', '*')}`;
}
