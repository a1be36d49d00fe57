/**
 * mTLS in front of the Upstash bridge (spec §8 internal_services "mTLS"): with
 * INTERNAL_TLS_* the bridge speaks HTTPS and serves only clients whose certificate the
 * deployment's CA issued; the app's Upstash client presents its certificate.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { Redis as IORedis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadInternalTls } from '@rrnet/config/internal_tls';
import type { InternalTls } from '@rrnet/config/internal_tls';
import { createRateLimiters } from '../../src/rate_limits';
import { createRedis } from '../../src/redis_client';
import { createUpstashBridge } from '../../src/upstash_bridge';
import type { UpstashBridge } from '../../src/upstash_bridge';
import { TEST_REDIS_URL } from '../../../../tests/services';
import {
  certificateDir,
  createCertificateAuthority,
  httpsRequest,
  issueCertificate,
} from '../../../../tests/tls_certs';
import type { CertificateAuthority, IssuedCertificate } from '../../../../tests/tls_certs';

const TOKEN = 'test-token-0123456789';
const prefix = `test:mtls:${randomUUID()}`;
let dir: string;
let ca: CertificateAuthority;
let rogueCa: CertificateAuthority;
let webCert: IssuedCertificate;
let rogueCert: IssuedCertificate;
let bridge: UpstashBridge;
let direct: IORedis;

const tlsFor = (cert: IssuedCertificate, caFile: string): InternalTls =>
  loadInternalTls({
    INTERNAL_TLS_CERT_FILE: cert.certFile,
    INTERNAL_TLS_KEY_FILE: cert.keyFile,
    INTERNAL_TLS_CA_FILE: caFile,
  })!;
const ping = (client?: IssuedCertificate) =>
  httpsRequest(bridge.url, {
    caFile: ca.certFile,
    client,
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}` },
    body: '["PING"]',
  });

/** Counts the TLS sessions the bridge accepts from now on (a refused handshake never becomes one). */
const acceptedSessions = () => {
  let n = 0;
  const count = () => n++;
  bridge.server.on('secureConnection', count);
  return () => {
    bridge.server.off('secureConnection', count);
    return n;
  };
};

beforeAll(async () => {
  dir = certificateDir();
  ca = createCertificateAuthority(`${dir}/ca`, 'rrnet-internal-ca');
  rogueCa = createCertificateAuthority(`${dir}/rogue`, 'rogue-ca');
  const bridgeCert = issueCertificate(ca, 'bridge', {
    cn: 'upstash-bridge',
    hosts: ['127.0.0.1', 'localhost'],
  });
  webCert = issueCertificate(ca, 'web', { cn: 'rrnet-web' });
  rogueCert = issueCertificate(rogueCa, 'intruder', { cn: 'rrnet-web' });
  bridge = await createUpstashBridge({
    redisUrl: TEST_REDIS_URL,
    token: TOKEN,
    tls: tlsFor(bridgeCert, ca.certFile),
  });
  direct = new IORedis(TEST_REDIS_URL);
});
afterAll(async () => {
  const keys = await direct.keys(`${prefix}*`);
  if (keys.length) await direct.del(...keys);
  direct.disconnect();
  await bridge?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('Upstash bridge with mTLS', () => {
  it('serves HTTPS and answers a client presenting a certificate from the deployment CA', async () => {
    expect(bridge.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const accepted = acceptedSessions();
    expect(await ping(webCert)).toEqual({ status: 200, body: '{"result":"PONG"}' });
    expect(accepted()).toBe(1);
  });

  it('refuses a client without a certificate', async () => {
    const accepted = acceptedSessions();
    await expect(ping()).rejects.toThrow(/certificate required/i);
    expect(accepted()).toBe(0);
  });

  it('refuses a client whose certificate another CA issued', async () => {
    const accepted = acceptedSessions();
    await expect(ping(rogueCert)).rejects.toThrow(/unknown ca|socket hang up|ECONNRESET/i);
    expect(accepted()).toBe(0);
  });

  it('refuses plain HTTP on the same port', async () => {
    await expect(
      fetch(bridge.url.replace('https:', 'http:'), { method: 'POST', body: '["PING"]' }).then(
        (r) => r.status,
      ),
    ).rejects.toThrow();
  });

  it('the Upstash client presents its certificate: commands, pipelines, transactions and rate-limit scripts work', async () => {
    const redis = createRedis({ url: bridge.url, token: TOKEN, tls: tlsFor(webCert, ca.certFile) });
    expect(await redis.ping()).toBe('PONG');
    await redis.set(`${prefix}:json`, { plan: 'Home 20', price: 200000 }, { ex: 60 });
    expect(await redis.get(`${prefix}:json`)).toEqual({ plan: 'Home 20', price: 200000 });
    expect(await direct.ttl(`${prefix}:json`)).toBeGreaterThan(50);
    const p = redis.pipeline();
    p.incr(`${prefix}:n`);
    p.incr(`${prefix}:n`);
    p.get(`${prefix}:n`);
    expect(await p.exec()).toEqual([1, 2, 2]);
    const tx = redis.multi();
    tx.set(`${prefix}:s`, 'Rp 150.000 ünïcode');
    tx.get(`${prefix}:s`);
    expect(await tx.exec()).toEqual(['OK', 'Rp 150.000 ünïcode']);
    // @upstash/ratelimit's Lua (EVALSHA after SCRIPT LOAD) over the same connection
    const limiters = createRateLimiters(redis, `${prefix}:rl`);
    const first = await limiters.user.limit(`${prefix}-user`);
    const second = await limiters.user.limit(`${prefix}-user`);
    expect([first.success, second.remaining]).toEqual([true, first.remaining - 1]);
  });

  it("a service's own certificate (the worker's, which also serves its metrics) is accepted as a client certificate", async () => {
    const workerCert = issueCertificate(ca, 'worker', { cn: 'rrnet-worker', hosts: ['127.0.0.1'] });
    const redis = createRedis({
      url: bridge.url,
      token: TOKEN,
      tls: tlsFor(workerCert, ca.certFile),
    });
    expect(await redis.ping()).toBe('PONG');
  });

  it('the Upstash client with a certificate from another CA gets nothing', async () => {
    const redis = createRedis({
      url: bridge.url,
      token: TOKEN,
      tls: tlsFor(rogueCert, ca.certFile),
    });
    await expect(redis.ping()).rejects.toThrow();
    // and one trusting another CA refuses the bridge itself
    const misled = createRedis({
      url: bridge.url,
      token: TOKEN,
      tls: { ...tlsFor(webCert, ca.certFile), ca: readFileSync(rogueCa.certFile) },
    });
    await expect(misled.ping()).rejects.toThrow(/self[- ]signed|unable to (verify|get)/i);
  });

  it('without INTERNAL_TLS_* the bridge stays plain HTTP (development, tests)', async () => {
    const plain = await createUpstashBridge({ redisUrl: TEST_REDIS_URL, token: TOKEN });
    try {
      expect(plain.url).toMatch(/^http:\/\//);
      expect(await createRedis({ url: plain.url, token: TOKEN }).ping()).toBe('PONG');
    } finally {
      await plain.close();
    }
  });
});
