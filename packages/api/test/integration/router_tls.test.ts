/**
 * Routers over HTTPS with their own trust anchor, and the production rule for plain http
 * (issue #19): a CA certificate is checked before it is stored and shown by fingerprint; a
 * deployment with `loopback_only` refuses a plain-http router outside this machine with
 * the reason, allows it on loopback, and the stored CA is what the adapter verifies with.
 */
import { readFileSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RouterClientPool } from '@rrnet/routeros';
import { createRouterSimulator } from '@rrnet/routeros/simulator';
import type { RouterSimulator } from '@rrnet/routeros/simulator';
import { certificateDir, createCertificateAuthority, issueCertificate } from '../../../../tests/tls_certs';
import { outcome, startHarness } from './api_harness';
import type { Harness } from './api_harness';

let h: Harness;
let owner: string;
let sim: RouterSimulator;
let caPem: string;

beforeAll(async () => {
  h = await startHarness();
  h.services.network.plainHttp = 'loopback_only';
  h.services.network.routers = new RouterClientPool({ client: { plainHttp: 'loopback_only', timeoutMs: 2000, retry: { attempts: 1 } } });
  owner = (await h.login('owner@sinarnet.demo')).access_token;
  const ca = createCertificateAuthority(certificateDir('rrnet-api-router-ca-'), 'isp-ca');
  const cert = issueCertificate(ca, 'router', { cn: 'ccr-tls', hosts: ['127.0.0.1'] });
  caPem = readFileSync(ca.certFile, 'utf8');
  sim = await createRouterSimulator({ tls: { key: readFileSync(cert.keyFile), cert: readFileSync(cert.certFile) } });
}, 60_000);
afterAll(async () => {
  await sim?.close();
  await h?.close();
});

describe('routers over HTTPS with their own CA; plain http only on loopback in production', () => {
  it('refuses plain http to a router elsewhere, with the reason', async () => {
    const api = h.call(owner);
    const err = await api.network.routers.create({ name: 'Far', host: '203.0.113.7', port: 80, use_tls: false, username: 'api', password: 'x' }).catch((e: unknown) => e);
    expect(await outcome(Promise.reject(err))).toBe('VALIDATION_FAILED');
    expect(String((err as Error).message)).toMatch(/plain http to a router is refused in production/);
    // HTTPS to the same host is fine; loopback over http too (a local simulator)
    const far = await api.network.routers.create({ name: 'Far TLS', host: '203.0.113.7', port: 443, use_tls: true, username: 'api', password: 'x' });
    expect(far).toMatchObject({ use_tls: true, tls_ca_pem: null, tls_ca_fingerprint: null });
    // turning TLS off later is refused the same way
    expect(await outcome(api.network.routers.update({ id: far.id, use_tls: false }))).toBe('VALIDATION_FAILED');
    await api.network.routers.remove({ id: far.id });
  });

  it('checks the CA certificate, stores it, shows its fingerprint, and syncs through it', async () => {
    const api = h.call(owner);
    expect(await outcome(api.network.routers.create({ name: 'Bad CA', host: '127.0.0.1', port: sim.routers[0]!.port, use_tls: true, tls_ca_pem: 'hello', username: 'api', password: 'x' }))).toBe('VALIDATION_FAILED');
    const garbled = `-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----`;
    expect(await outcome(api.network.routers.create({ name: 'Bad CA', host: '127.0.0.1', port: sim.routers[0]!.port, use_tls: true, tls_ca_pem: garbled, username: 'api', password: 'x' }))).toBe('VALIDATION_FAILED');

    const router = await api.network.routers.create({ name: 'CCR-TLS', host: '127.0.0.1', port: sim.routers[0]!.port, use_tls: true, tls_ca_pem: `\n${caPem}\n`, username: 'api', password: 'router-secret' });
    expect(router.tls_ca_pem).toBe(caPem.trim());
    expect(router.tls_ca_fingerprint).toBe(new X509Certificate(caPem).fingerprint256);
    // the detail asks the router live, over HTTPS verified with the stored CA
    const detail = await api.network.routers.get({ id: router.id });
    expect(detail.status).toBe('online');
    expect(detail.ros_version).toBeTruthy();
    // without the CA the same router's certificate does not verify: its error says so
    const cleared = await api.network.routers.update({ id: router.id, tls_ca_pem: '' });
    expect(cleared.tls_ca_fingerprint).toBeNull();
    const offline = await api.network.routers.get({ id: router.id });
    expect(offline.status).toBe('offline');
    expect(offline.last_error ?? '').toMatch(/certificate did not verify/);
    await api.network.routers.remove({ id: router.id });
  });
});
