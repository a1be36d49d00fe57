/**
 * The worker process: graphile-worker on the application's Postgres (as rrnet_app), the
 * task list and crontab, a heartbeat for readiness and dead-worker detection, metrics,
 * and a graceful drain on SIGTERM/SIGINT (running jobs finish, no new ones start).
 * A SIGKILLed worker's locked jobs are released by the next worker that notices its
 * stale heartbeat (stale_workers.ts).
 */
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { makeWorkerUtils, run } from 'graphile-worker';
import type { WorkerEvents } from 'graphile-worker';
import { createRateLimiters, createRedis, redisConnectionOf } from '@rrnet/cache';
import { loadInternalTls } from '@rrnet/config/internal_tls';
import { routerPlainHttpPolicy } from '@rrnet/config';
import { GatewayBreakers } from '@rrnet/whatsapp';
import { flushMapInvalidations } from '@rrnet/core/network/services';
import { createProcessSecrets } from '@rrnet/core/secrets/key_provider';
import { createDatabase } from '@rrnet/db';
import { RouterClientPool } from '@rrnet/routeros';
import { createLogger } from '@rrnet/logger';
import type { GatewayCredentials } from '@rrnet/whatsapp';
import { loadWorkerConfig } from './config';
import { cronItems } from './crontab';
import { graphileLogger } from './graphile_logger';
import { graphileBatchingPreset, graphileConnectionString, graphilePoolSize } from './graphile_pool';
import { startHeartbeat } from './heartbeat';
import { startMetrics } from './metrics';
import { releaseDeadWorkers } from './stale_workers';
import { buildTaskList } from './task_list';
import { startTunnelEndpoint } from './tunnel_endpoint';
import { createWakeups } from './wakeups';
import { parseTunnelNetwork } from '@rrnet/core/network/tunnel_rules';

const config = loadWorkerConfig();
// Signals are caught from the first moment: a SIGTERM that arrives while the worker is
// still starting (connecting, first heartbeat) drains once startup has finished instead of
// killing the process with half-registered state; a second signal is ignored.
const stopSignal = new Promise<string>((resolve) => {
  process.on('SIGTERM', () => resolve('SIGTERM'));
  process.on('SIGINT', () => resolve('SIGINT'));
});
const logger = createLogger({
  service: 'worker',
  level: config.LOG_LEVEL,
  pretty: config.LOG_PRETTY ?? config.NODE_ENV === 'development',
});
const workerId = `worker-${randomUUID().slice(0, 8)}`;
const app = createDatabase(config.APP_DATABASE_URL, { max: Math.max(2, config.WORKER_CONCURRENCY), applicationName: workerId });
const system = createDatabase(config.SYSTEM_DATABASE_URL, { max: 2, applicationName: `${workerId}-system` });
// the deployment's mTLS identity: the metrics endpoint requires client certificates, the bridge client presents ours
const internalTls = loadInternalTls(config);
const metrics = startMetrics({
  appSql: app.sql,
  systemSql: system.sql,
  port: config.WORKER_METRICS_PORT,
  host: config.WORKER_METRICS_HOST,
  tls: internalTls,
  logger,
});
const utils = await makeWorkerUtils({ connectionString: config.APP_DATABASE_URL, logger: graphileLogger(logger) });
await releaseDeadWorkers(app.sql, utils, config.WORKER_STALE_AFTER_MS, logger);

const redis = createRedis(redisConnectionOf(config, internalTls), {
  breaker: { onStateChange: (state) => logger.warn({ state }, 'Redis circuit breaker changed state') },
});
const { secretBox, keys } = createProcessSecrets(config, system.sql);
const network = {
  redis,
  secretBox,
  routers: new RouterClientPool({ client: { plainHttp: routerPlainHttpPolicy(config) } }),
  plainHttp: routerPlainHttpPolicy(config),
  logger,
  cachePrefix: `${config.REDIS_KEY_PREFIX}:cache`,
};
// the WireGuard endpoint for routers behind NAT, only where configured (npm start runs without it)
const tunnel = config.TUNNEL_PRIVATE_KEY
  ? await startTunnelEndpoint({
      interfaceName: config.TUNNEL_INTERFACE,
      privateKey: config.TUNNEL_PRIVATE_KEY,
      listenPort: config.TUNNEL_LISTEN_PORT,
      net: parseTunnelNetwork(config.TUNNEL_NETWORK, config.TUNNEL_BLOCK_PREFIX),
      implementation: config.TUNNEL_WIREGUARD,
      syncIntervalMs: config.TUNNEL_SYNC_MS,
      systemSql: system.sql,
      services: network,
      logger,
    })
  : null;

const graphileIds: string[] = [];
const events = new EventEmitter() as WorkerEvents;
// jobs are locked by the pool's id and by each worker's id; both are recorded
events.on('pool:create', ({ workerPool }) => graphileIds.push(workerPool.id));
events.on('worker:create', ({ worker }) => graphileIds.push(worker.workerId));
// jobs queued for a moment from now (a WhatsApp drain waiting for its ISP's limiter) start when due, not at the next poll
const wakeups = createWakeups({ pollIntervalMs: config.WORKER_POLL_INTERVAL_MS, events });

const runner = await run({
  connectionString: graphileConnectionString(config.APP_DATABASE_URL),
  concurrency: config.WORKER_CONCURRENCY,
  maxPoolSize: graphilePoolSize(config.WORKER_CONCURRENCY),
  pollInterval: config.WORKER_POLL_INTERVAL_MS,
  preset: graphileBatchingPreset({ localQueueSize: config.WORKER_LOCAL_QUEUE_SIZE, completeJobBatchDelay: config.WORKER_COMPLETE_BATCH_DELAY_MS }),
  noHandleSignals: true,
  logger: graphileLogger(logger),
  events,
  taskList: buildTaskList({
    appSql: app.sql,
    systemSql: system.sql,
    logger,
    observer: metrics.observer,
    alertThreshold: config.DLQ_ALERT_THRESHOLD,
  }, {
    network,
    keys,
    onRouterSync: metrics.onRouterSync,
    wakeAt: wakeups.wakeAt,
    notifications: {
      secretBox,
      limiter: createRateLimiters(redis, `${config.REDIS_KEY_PREFIX}:rl`).wa_messages,
      breakers: new GatewayBreakers({ onStateChange: (state, key) => logger.warn({ gateway: key, state }, 'WhatsApp gateway breaker changed state') }),
      endpoints: {
        cloudBaseUrl: config.WA_CLOUD_BASE_URL,
        cloudVersion: config.WA_CLOUD_API_VERSION,
        fonnteBaseUrl: config.WA_FONNTE_BASE_URL,
        timeoutMs: config.WA_GATEWAY_TIMEOUT_MS,
      },
      platformDefault: (config.WA_DEFAULT_GATEWAY as GatewayCredentials | undefined) ?? null,
      logger,
      onOutcome: (outcome, provider) => metrics.onWaOutcome(outcome, provider),
      sendingLeaseMs: config.WA_SENDING_LEASE_MS,
    },
  }),
  parsedCronItems: config.WORKER_CRON ? cronItems() : [],
});
const heartbeat = await startHeartbeat({
  sql: app.sql,
  workerId,
  graphileIds: () => graphileIds,
  concurrency: config.WORKER_CONCURRENCY,
  intervalMs: config.WORKER_HEARTBEAT_MS,
  logger,
  onBeat: () => releaseDeadWorkers(app.sql, utils, config.WORKER_STALE_AFTER_MS, logger).then(() => undefined),
});
logger.info({ worker_id: workerId, concurrency: config.WORKER_CONCURRENCY, cron: config.WORKER_CRON }, 'worker started');

async function drain(signal: string) {
  logger.info({ signal }, 'draining: waiting for running jobs to finish');
  try {
    await runner.stop();
    wakeups.stop();
    await flushMapInvalidations(); // map-cache bumps the last jobs still owed
    await tunnel?.stop();
    await heartbeat.stop();
    await metrics.stop();
    await utils.release();
    await app.close();
    await system.close();
    logger.info('worker stopped');
    process.exit(0);
  } catch (err) {
    logger.error({ err }, 'worker failed to drain');
    process.exit(1);
  }
}
void stopSignal.then(drain);
runner.promise.catch((err: unknown) => {
  logger.error({ err }, 'worker crashed');
  process.exit(1);
});
