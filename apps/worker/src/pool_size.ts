/**
 * graphile-worker's own connection pool (job fetches and completions) defaults to 10
 * connections whatever the concurrency, and one of them is held by LISTEN. With 20
 * concurrent jobs (bench/billing) the workers queued for a connection to fetch their
 * next job. One connection per concurrent job, plus LISTEN and one spare.
 */
export function graphilePoolSize(concurrency: number): number {
  return Math.max(10, concurrency + 2);
}
