/**
 * The worker's Prometheus endpoint with INTERNAL_TLS_* (spec §8 internal_services
 * "mTLS"): HTTPS, and only a scraper presenting a certificate from the deployment's CA
 * gets the metrics.
 */
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadInternalTls } from '@rrnet/config/internal_tls';
import { createDatabase } from '@rrnet/db';
import type { DatabaseHandle } from '@rrnet/db';
import { createTestDatabase } from '@rrnet/db/testing';
import type { TestDatabase } from '@rrnet/db/testing';
import { createLogger } from '@rrnet/logger';
import { startMetrics } from '../../src/metrics';
import type { WorkerMetrics } from '../../src/metrics';
import { TEST_PG_URL } from '../../../../tests/services';
import { startWorkerTestEnv } from './worker_env';
import {
  certificateDir,
  createCertificateAuthority,
  httpsRequest,
  issueCertificate,
} from '../../../../tests/tls_certs';
import type { CertificateAuthority, IssuedCertificate } from '../../../../tests/tls_certs';

let db: TestDatabase;
let app: DatabaseHandle;
let system: DatabaseHandle;
let dir: string;
let ca: CertificateAuthority;
let prometheus: IssuedCertificate;
let intruder: IssuedCertificate;
let metrics: WorkerMetrics;
let url: string;
let worker: IssuedCertificate;

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });

beforeAll(async () => {
  db = await createTestDatabase(TEST_PG_URL);
  app = createDatabase(db.appUrl, { max: 1 });
  system = createDatabase(db.systemUrl, { max: 1 });
  dir = certificateDir();
  ca = createCertificateAuthority(`${dir}/ca`, 'rrnet-internal-ca');
  const rogue = createCertificateAuthority(`${dir}/rogue`, 'rogue-ca');
  worker = issueCertificate(ca, 'worker', { cn: 'rrnet-worker', hosts: ['127.0.0.1'] });
  prometheus = issueCertificate(ca, 'prometheus', { cn: 'prometheus' });
  intruder = issueCertificate(rogue, 'intruder', { cn: 'prometheus' });
  const port = await freePort();
  metrics = startMetrics({
    appSql: app.sql,
    systemSql: system.sql,
    port,
    tls: loadInternalTls({
      INTERNAL_TLS_CERT_FILE: worker.certFile,
      INTERNAL_TLS_KEY_FILE: worker.keyFile,
      INTERNAL_TLS_CA_FILE: ca.certFile,
    }),
    logger: createLogger({ service: 'worker-test', level: 'error' }),
  });
  await new Promise<void>((resolve) =>
    metrics.server!.listening ? resolve() : metrics.server!.once('listening', () => resolve()),
  );
  url = `https://127.0.0.1:${port}/metrics`;
});
afterAll(async () => {
  await metrics?.stop();
  await app?.close();
  await system?.close();
  await db?.drop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('worker metrics endpoint with mTLS', () => {
  it('serves the metrics to a scraper with a certificate from the deployment CA', async () => {
    const answer = await httpsRequest(url, { caFile: ca.certFile, client: prometheus });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatch(/rrnet_jobs_queue_depth\{class="critical"\} 0/);
    expect(answer.body).toMatch(/rrnet_jobs_dead_letters 0/);
  });

  it('refuses a scraper without a certificate', async () => {
    await expect(httpsRequest(url, { caFile: ca.certFile })).rejects.toThrow(
      /certificate required/i,
    );
  });

  it('refuses a scraper whose certificate another CA issued', async () => {
    let accepted = 0;
    const count = () => accepted++;
    metrics.server!.on('secureConnection', count);
    await expect(httpsRequest(url, { caFile: ca.certFile, client: intruder })).rejects.toThrow(
      /unknown ca|socket hang up|ECONNRESET/i,
    );
    metrics.server!.off('secureConnection', count);
    expect(accepted).toBe(0);
  });

  it('refuses plain HTTP', async () => {
    await expect(fetch(url.replace('https:', 'http:'))).rejects.toThrow();
  });
});

describe('worker process with INTERNAL_TLS_*', () => {
  it('serves its metrics endpoint over mTLS', { timeout: 60_000 }, async () => {
    const env = await startWorkerTestEnv();
    const port = await freePort();
    const output: string[] = [];
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: fileURLToPath(new URL('../..', import.meta.url)),
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'production',
        ...env.env,
        APP_DATABASE_URL: db.appUrl,
        SYSTEM_DATABASE_URL: db.systemUrl,
        WORKER_METRICS_PORT: String(port),
        WORKER_CRON: 'false',
        INTERNAL_TLS_CERT_FILE: worker.certFile,
        INTERNAL_TLS_KEY_FILE: worker.keyFile,
        INTERNAL_TLS_CA_FILE: ca.certFile,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d) => output.push(String(d)));
    child.stderr!.on('data', (d) => output.push(String(d)));
    const exited = new Promise<number | null>((resolve) =>
      child.once('exit', (code) => resolve(code)),
    );
    try {
      const endpoint = `https://127.0.0.1:${port}/metrics`;
      let answer: { status: number; body: string } | undefined;
      for (let i = 0; i < 200 && !answer; i++) {
        answer = await httpsRequest(endpoint, { caFile: ca.certFile, client: prometheus }).catch(
          () => undefined,
        );
        if (!answer) await new Promise((r) => setTimeout(r, 100));
      }
      expect(answer?.status, output.join('')).toBe(200);
      expect(answer!.body).toMatch(/rrnet_jobs_queue_depth\{class="critical"\}/);
      await expect(httpsRequest(endpoint, { caFile: ca.certFile })).rejects.toThrow(
        /certificate required/i,
      );
    } finally {
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      await env.close();
    }
  });
});
