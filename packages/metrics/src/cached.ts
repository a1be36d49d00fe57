/**
 * A value read at most once per TTL: scrapes arriving within it (and concurrent ones)
 * share one read, so a Prometheus scrape stays cheap however often it comes. A failed
 * read is not kept: the next scrape tries again.
 */
export type CachedRead<T> = () => Promise<T>;

export function cachedRead<T>(ttlMs: number, read: () => Promise<T>, now: () => number = () => performance.now()): CachedRead<T> {
  let entry: { at: number; value: Promise<T> } | null = null;
  return () => {
    if (entry && now() - entry.at < ttlMs) return entry.value;
    const current = { at: now(), value: read() };
    entry = current;
    current.value.catch(() => {
      if (entry === current) entry = null;
    });
    return current.value;
  };
}
