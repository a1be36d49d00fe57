/**
 * graphile-worker's runOnce resolves when its workers are idle, but (without completion
 * batching) it does not await the `complete_jobs` call of the last job it ran: a test that
 * reads the queue right after may still see that job. `runOnceSettled` runs the queue once
 * and then waits until no job is locked any more (completed ones are deleted, failed ones
 * unlocked), so what a test reads next is the queue's settled state.
 */
import { runOnce } from 'graphile-worker';
import type { RunnerOptions } from 'graphile-worker';
import postgres from 'postgres';

const SETTLE_LIMIT_MS = 15_000;

export async function runOnceSettled(options: RunnerOptions & { connectionString: string }): Promise<void> {
  await runOnce(options);
  const sql = postgres(options.connectionString, { max: 1, onnotice: () => {} });
  try {
    const deadline = Date.now() + SETTLE_LIMIT_MS;
    for (;;) {
      const [row] = await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM graphile_worker._private_jobs WHERE locked_at IS NOT NULL`;
      if (row!.n === 0) return;
      if (Date.now() > deadline) throw new Error(`${row!.n} job(s) still locked ${SETTLE_LIMIT_MS} ms after runOnce returned`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  } finally {
    await sql.end();
  }
}
