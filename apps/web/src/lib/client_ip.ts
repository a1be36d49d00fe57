/**
 * The client's address from X-Forwarded-For. Next.js sets that header to the socket
 * address only when the request has none (it never appends), so:
 *   - behind N trusted proxies that each append what they saw (TRUSTED_PROXY_HOPS = N),
 *     the outermost one's entry is the N-th from the end: the client's address as our own
 *     edge saw it; everything further left was written by the client and is never used;
 *   - with no proxy (N = 0) the header is the socket address Next.js put there — unless
 *     the client sent one itself, which nothing in a route handler can tell apart. Run
 *     production behind a proxy (deploy/: the ingress) with TRUSTED_PROXY_HOPS ≥ 1.
 */
export function clientIp(forwardedFor: string | null, trustedProxyHops: number): string | null {
  const hops = (forwardedFor ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  return hops[hops.length - Math.max(1, trustedProxyHops)] ?? null;
}
