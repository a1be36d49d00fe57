/**
 * Database TLS (spec §8 network_security.database "SSL/TLS required"): a cluster of its
 * own with ssl=on and a hostssl-only pg_hba, certificates made for this run, and the
 * path the apps take — environment → config (DATABASE_SSL_* merged into the URL) →
 * createDatabase / graphile-worker's pg → the server.
 */
import { rmSync } from 'node:fs';
import { makeWorkerUtils } from 'graphile-worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  ConfigError,
  DATABASE_TLS_ENV,
  NODE_ENV,
  POSTGRES_URL,
  databaseTlsRule,
  loadConfig,
  withDatabaseTls,
} from '@rrnet/config';
import type { EnvSource } from '@rrnet/config';
import { createDatabase } from '../../src/client';
import {
  certificateDir,
  createCertificateAuthority,
  issueCertificate,
} from '../../../../tests/tls_certs';
import type { CertificateAuthority, IssuedCertificate } from '../../../../tests/tls_certs';
import { copyForServer, createCluster, postgresBinDir } from '../../../../tests/pg_cluster';
import type { Cluster } from '../../../../tests/pg_cluster';

const URLS = ['APP_DATABASE_URL', 'SYSTEM_DATABASE_URL'] as const;
// the shape the web and worker configs share
const schema = z
  .object({
    NODE_ENV,
    APP_DATABASE_URL: POSTGRES_URL,
    SYSTEM_DATABASE_URL: POSTGRES_URL,
    ...DATABASE_TLS_ENV,
  })
  .superRefine(databaseTlsRule(URLS));
const appConfig = (env: EnvSource) => withDatabaseTls(loadConfig('test-app', schema, env), URLS);

const CERT_USER = 'rrnet_cert_user';
let cluster: Cluster;
let certs: string;
let ca: CertificateAuthority;
let rogue: CertificateAuthority;
let client: IssuedCertificate;
let rogueClient: IssuedCertificate;

/** Connects through createDatabase and says whether the session is encrypted, or throws the connection error. */
async function sessionOverTls(url: string): Promise<{ ssl: boolean; user: string }> {
  const handle = createDatabase(url, { max: 1, connectTimeout: 5 });
  try {
    const [row] = await handle.sql<{ ssl: boolean; user: string }[]>`
      SELECT s.ssl, current_user AS user FROM pg_stat_ssl s WHERE s.pid = pg_backend_pid()`;
    return row!;
  } finally {
    await handle.close();
  }
}

describe.skipIf(!postgresBinDir())('PostgreSQL over TLS', () => {
  beforeAll(async () => {
    certs = certificateDir();
    ca = createCertificateAuthority(`${certs}/ca`, 'rrnet-test-ca');
    rogue = createCertificateAuthority(`${certs}/rogue`, 'rogue-ca');
    // the server is "localhost" only: connecting to 127.0.0.1 must fail the host name check
    const server = issueCertificate(ca, 'server', { cn: 'localhost', hosts: ['localhost'] });
    client = issueCertificate(ca, 'client', { cn: CERT_USER });
    rogueClient = issueCertificate(rogue, 'rogue-client', { cn: CERT_USER });

    cluster = await createCluster({
      settings: { listen_addresses: "'localhost'", ssl: 'on' },
      hba: [
        'local all all trust',
        `hostssl all ${CERT_USER} 127.0.0.1/32 cert`,
        `hostssl all ${CERT_USER} ::1/128 cert`,
        'hostssl all all 127.0.0.1/32 trust',
        'hostssl all all ::1/128 trust',
        '',
      ].join('\n'),
    });
    const serverCert = copyForServer(server.certFile, cluster.dir, 0o644);
    const serverKey = copyForServer(server.keyFile, cluster.dir);
    const clientCa = copyForServer(ca.certFile, cluster.dir, 0o644);
    cluster.settings({
      ssl_cert_file: `'${serverCert}'`,
      ssl_key_file: `'${serverKey}'`,
      ssl_ca_file: `'${clientCa}'`,
    });
    cluster.start();
    const admin = createDatabase(
      cluster.url(
        'postgres',
        'postgres',
        `sslmode=verify-full&sslrootcert=${ca.certFile}`,
        'localhost',
      ),
      { max: 1 },
    );
    await admin.sql.unsafe(`CREATE ROLE ${CERT_USER} LOGIN`);
    await admin.close();
  });

  afterAll(() => {
    cluster?.destroy();
    if (certs) rmSync(certs, { recursive: true, force: true });
  });

  const env = (overrides: EnvSource = {}): EnvSource => {
    const url = cluster.url('postgres', 'postgres', 'sslmode=verify-full', 'localhost');
    return {
      NODE_ENV: 'production',
      APP_DATABASE_URL: url,
      SYSTEM_DATABASE_URL: url,
      DATABASE_SSL_CA_FILE: ca.certFile,
      ...overrides,
    };
  };

  it('connects with sslmode=verify-full and the deployment CA from DATABASE_SSL_CA_FILE', async () => {
    const config = appConfig(env());
    expect(new URL(config.APP_DATABASE_URL).searchParams.get('sslrootcert')).toBe(ca.certFile);
    expect(await sessionOverTls(config.APP_DATABASE_URL)).toEqual({ ssl: true, user: 'postgres' });
    expect(await sessionOverTls(config.SYSTEM_DATABASE_URL)).toEqual({
      ssl: true,
      user: 'postgres',
    });
  });

  it("graphile-worker's pg pool reads the same URL (the worker's queue connections are verified too)", async () => {
    const config = appConfig(env());
    const utils = await makeWorkerUtils({ connectionString: config.APP_DATABASE_URL });
    try {
      const ssl = await utils.withPgClient(async (pg) => {
        const r = await pg.query<{ ssl: boolean }>(
          'SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()',
        );
        return r.rows[0]?.ssl;
      });
      expect(ssl).toBe(true);
    } finally {
      await utils.release();
    }
  });

  it('refuses a server whose certificate another CA signed', async () => {
    const config = appConfig(env({ DATABASE_SSL_CA_FILE: rogue.certFile }));
    await expect(sessionOverTls(config.APP_DATABASE_URL)).rejects.toThrow(
      /self[- ]signed|unable to (verify|get)/i,
    );
  });

  it('refuses a server whose certificate names another host (verify-full checks the name)', async () => {
    const url = cluster.url('postgres', 'postgres', 'sslmode=verify-full', '127.0.0.1');
    const config = appConfig(env({ APP_DATABASE_URL: url, SYSTEM_DATABASE_URL: url }));
    await expect(sessionOverTls(config.APP_DATABASE_URL)).rejects.toThrow(
      /IP: 127\.0\.0\.1 is not in the cert's list|altnames/i,
    );
    // graphile-worker's pg checks the address as well
    await expect(
      makeWorkerUtils({ connectionString: config.APP_DATABASE_URL }).then((u) =>
        u.withPgClient((pg) => pg.query('SELECT 1')).finally(() => u.release()),
      ),
    ).rejects.toThrow(/IP: 127\.0\.0\.1 is not in the cert's list/);
    // verify-ca checks only the chain: the same server is accepted
    expect(
      (
        await sessionOverTls(
          cluster.url('postgres', 'postgres', `sslmode=verify-ca&sslrootcert=${ca.certFile}`),
        )
      ).ssl,
    ).toBe(true);
  });

  it('the server refuses a connection without TLS', async () => {
    const url = cluster.url('postgres', 'postgres', 'sslmode=disable', 'localhost');
    // development config lets it through; the hostssl-only pg_hba does not
    const config = appConfig(
      env({
        NODE_ENV: 'development',
        APP_DATABASE_URL: url,
        SYSTEM_DATABASE_URL: url,
        DATABASE_SSL_CA_FILE: undefined,
      }),
    );
    await expect(sessionOverTls(config.APP_DATABASE_URL)).rejects.toThrow(
      /no pg_hba\.conf entry .*no encryption/,
    );
  });

  it('authenticates by client certificate (DATABASE_SSL_CERT_FILE/KEY_FILE) only with one the deployment CA issued', async () => {
    const url = cluster.url(CERT_USER, 'postgres', 'sslmode=verify-full', 'localhost');
    const withCert = (cert: IssuedCertificate | null) =>
      appConfig(
        env({
          APP_DATABASE_URL: url,
          SYSTEM_DATABASE_URL: url,
          DATABASE_SSL_CERT_FILE: cert?.certFile,
          DATABASE_SSL_KEY_FILE: cert?.keyFile,
        }),
      );
    expect(await sessionOverTls(withCert(client).APP_DATABASE_URL)).toEqual({
      ssl: true,
      user: CERT_USER,
    });
    await expect(sessionOverTls(withCert(null).APP_DATABASE_URL)).rejects.toThrow(/certificate/i);
    await expect(sessionOverTls(withCert(rogueClient).APP_DATABASE_URL)).rejects.toThrow(
      /certificate|unknown ca|alert|ECONNRESET/i,
    );
  });

  it('with NODE_ENV=production the config refuses a URL to another host that does not require verified TLS', () => {
    const remote = (query: string) =>
      `postgres://rrnet_app@db.rrnet.internal:5432/rrnet${query ? `?${query}` : ''}`;
    const plain = remote('sslmode=disable');
    const refusal = (overrides: EnvSource) => {
      try {
        appConfig(env(overrides));
      } catch (err) {
        return err;
      }
      return null;
    };
    const disabled = refusal({ APP_DATABASE_URL: plain });
    expect(disabled).toBeInstanceOf(ConfigError);
    expect((disabled as ConfigError).problems).toEqual([
      expect.stringMatching(
        /^APP_DATABASE_URL: invalid \(NODE_ENV=production requires TLS with certificate verification to a database on another host: add sslmode=verify-full .*found sslmode=disable/,
      ),
    ]);
    for (const query of ['', 'sslmode=require', 'sslmode=prefer', 'sslmode=verify-ca']) {
      const err = refusal({
        SYSTEM_DATABASE_URL: remote(query),
      }) as ConfigError;
      expect(err.problems).toEqual([
        expect.stringMatching(/^SYSTEM_DATABASE_URL: invalid \(NODE_ENV=production requires TLS/),
      ]);
    }
    // a CA file that is not there is named too
    const missing = refusal({ DATABASE_SSL_CA_FILE: `${certs}/nope.crt` }) as ConfigError;
    expect(missing.problems).toEqual([
      expect.stringMatching(/^DATABASE_SSL_CA_FILE: invalid \(file not found or not readable\)/),
    ]);
    // outside production the same URL is accepted (development, tests)
    expect(refusal({ NODE_ENV: 'development', APP_DATABASE_URL: plain })).toBeNull();
    // and a database on this machine needs no TLS (nothing crosses a network): the e2e stack's production build
    expect(
      refusal({
        APP_DATABASE_URL: cluster.url('postgres', 'postgres', 'sslmode=disable', '127.0.0.1'),
      }),
    ).toBeNull();
  });
});
