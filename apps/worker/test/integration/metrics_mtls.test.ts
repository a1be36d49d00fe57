/**
 * The worker's Prometheus endpoint with INTERNAL_TLS_* (spec §8 internal_services
 * "mTLS"): HTTPS, and only a scraper presenting a certificate from the deployment's CA
 * gets the metrics.
 */
import { rmSync } from 'node:fs';
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
  const worker = issueCertificate(ca, 'worker', { cn: 'rrnet-worker', hosts: ['127.0.0.1'] });
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
