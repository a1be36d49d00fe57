/**
 * The worker process: graphile-worker on the application's Postgres, a heartbeat for
 * readiness, and a graceful drain on SIGTERM/SIGINT (running jobs finish, no new ones
 * start). A SIGKILLed worker's locked jobs are picked up by the next worker once their
 * lock expires (graphile-worker's 4-hour lock, or sooner via its stale-worker sweep).
 */
import { randomUUID } from 'node:crypto';
import { run } from 'graphile-worker';
import { createDatabase } from '@rrnet/db';
import { createLogger } from '@rrnet/logger';
import { loadWorkerConfig } from './config';
import { graphileLogger } from './graphile_logger';
import { startHeartbeat } from './heartbeat';

const config = loadWorkerConfig();
const logger = createLogger({
  service: 'worker',
  level: config.LOG_LEVEL,
  pretty: config.LOG_PRETTY ?? config.NODE_ENV === 'development',
});
const workerId = `worker-${randomUUID().slice(0, 8)}`;
const database = createDatabase(config.APP_DATABASE_URL, { max: 2, applicationName: workerId });

const runner = await run({
  connectionString: config.APP_DATABASE_URL,
  concurrency: config.WORKER_CONCURRENCY,
  pollInterval: config.WORKER_POLL_INTERVAL_MS,
  noHandleSignals: true,
  logger: graphileLogger(logger),
  taskList: {},
});
const heartbeat = await startHeartbeat({
  sql: database.sql,
  workerId,
  concurrency: config.WORKER_CONCURRENCY,
  intervalMs: config.WORKER_HEARTBEAT_MS,
  logger,
});
logger.info({ worker_id: workerId, concurrency: config.WORKER_CONCURRENCY }, 'worker started');

let stopping = false;
async function drain(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'draining: waiting for running jobs to finish');
  try {
    await runner.stop();
    await heartbeat.stop();
    await database.close();
    logger.info('worker stopped');
    process.exit(0);
  } catch (err) {
    logger.error({ err }, 'worker failed to drain');
    process.exit(1);
  }
}
process.on('SIGTERM', () => void drain('SIGTERM'));
process.on('SIGINT', () => void drain('SIGINT'));
runner.promise.catch((err: unknown) => {
  logger.error({ err }, 'worker crashed');
  process.exit(1);
});
