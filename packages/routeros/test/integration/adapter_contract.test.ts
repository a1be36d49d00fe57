/**
 * Contract of the RouterOS adapter, checked against the simulator over real HTTP
 * (in-process, ephemeral ports; no database). Timeouts and retry delays are shortened
 * so the file runs in a few seconds.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inspect } from 'node:util';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { RouterClientPool, RouterOsClient, RouterOsError, plainHttpRefusal } from '../../src/index';
import type { RouterEndpoint, RouterOsClientOptions } from '../../src/index';
import { createRouterSimulator } from '../../src/simulator';
import type { RouterSimulator, SimRouter } from '../../src/simulator';
import { httpTransport } from '../../src/transport';
import { certificateDir, createCertificateAuthority, issueCertificate } from '../../../../tests/tls_certs';

const PASSWORD = 'S3cret-router-pass!';
const FAST: RouterOsClientOptions = { timeoutMs: 300, retry: { attempts: 3, baseDelayMs: 5 } };

let sim: RouterSimulator;
let router: SimRouter;

const endpointOf = (r: SimRouter, extra: Partial<RouterEndpoint> = {}): RouterEndpoint => ({
  host: '127.0.0.1',
  port: r.port,
  useTls: false,
  username: 'admin',
  password: PASSWORD,
  ...extra,
});
const clientFor = (r: SimRouter, options: RouterOsClientOptions = {}) =>
  new RouterOsClient(endpointOf(r), { routerKey: `t1:r${r.index}`, ...FAST, ...options });
const caught = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e as RouterOsError,
  );

beforeAll(async () => {
  sim = await createRouterSimulator({ count: 3, ports: [0, 0, 0] });
  router = sim.routers[0]!;
});
afterAll(async () => {
  await sim.close();
});
beforeEach(async () => {
  for (const r of sim.routers) {
    await r.start();
    r.reset();
  }
});

describe('system', () => {
  it('reads identity and resource', async () => {
    const client = clientFor(router);
    expect(await client.identity()).toEqual({ name: 'MikroTik-SIM-1' });
    const resource = await client.resource();
    expect(resource).toMatchObject({
      version: '7.16.2 (stable)',
      boardName: 'RB5009UG+S+',
      architecture: 'arm64',
    });
    expect(resource.uptime).toMatch(/^(\d+[wdhms])+$/);
    expect(resource.totalMemory).toBeGreaterThan(resource.freeMemory);
    expect(typeof resource.cpuLoad).toBe('number');
  });

  it('each simulated router has its own state', async () => {
    const [a, b] = [clientFor(sim.routers[0]!), clientFor(sim.routers[1]!)];
    await a.createSecret({ name: 'only-on-a', password: 'x', profile: 'default' });
    expect(await b.listSecrets()).toEqual([]);
    expect((await b.identity()).name).toBe('MikroTik-SIM-2');
  });
});

describe('PPP secrets', () => {
  it('create, list, find, update, disable, enable, remove', async () => {
    const client = clientFor(router);
    const created = await client.createSecret({
      name: 'budi',
      password: 'pw1',
      profile: 'default',
      service: 'pppoe',
      comment: 'cust-001',
    });
    expect(created).toEqual({
      id: expect.stringMatching(/^\*[0-9A-F]+$/),
      name: 'budi',
      password: 'pw1',
      profile: 'default',
      service: 'pppoe',
      disabled: false,
      comment: 'cust-001',
    });
    await client.createSecret({ name: 'siti', password: 'pw2', profile: 'default' });
    expect((await client.listSecrets()).map((s) => s.name)).toEqual(['budi', 'siti']);
    expect(await client.findSecret('budi')).toEqual(created);
    expect(await client.findSecret('nobody')).toBeNull();

    const updated = await client.updateSecret(created.id, {
      password: 'pw9',
      profile: 'isolir',
      comment: null,
    });
    expect(updated).toMatchObject({
      id: created.id,
      password: 'pw9',
      profile: 'isolir',
      comment: null,
    });
    expect((await client.disableSecret(created.id)).disabled).toBe(true);
    expect((await client.findSecret('budi'))?.disabled).toBe(true);
    expect((await client.enableSecret(created.id)).disabled).toBe(false);

    await client.removeSecret(created.id);
    expect(await client.findSecret('budi')).toBeNull();
    expect((await caught(client.removeSecret(created.id))).kind).toBe('not_found');
  });

  it('a duplicate name is a conflict; an unknown profile a bad request', async () => {
    const client = clientFor(router);
    await client.createSecret({ name: 'dup', password: 'x', profile: 'default' });
    const duplicate = await caught(
      client.createSecret({ name: 'dup', password: 'y', profile: 'default' }),
    );
    expect(duplicate).toBeInstanceOf(RouterOsError);
    expect(duplicate).toMatchObject({
      kind: 'conflict',
      status: 400,
      detail: 'failure: secret with the same name already exists',
    });
    const badProfile = await caught(
      client.createSecret({ name: 'x', password: 'y', profile: 'gold' }),
    );
    expect(badProfile).toMatchObject({
      kind: 'bad_request',
      status: 400,
      detail: 'input does not match any value of profile',
    });
    expect((await client.listSecrets()).length).toBe(1);
  });

  it('unknown ids are not_found', async () => {
    const client = clientFor(router);
    expect((await caught(client.updateSecret('*FFFF', { password: 'x' }))).kind).toBe('not_found');
    expect((await caught(client.disableSecret('*FFFF'))).status).toBe(404);
  });

  it('a create whose response was lost is not duplicated: the retry finds the secret', async () => {
    let lost = 0;
    const client = clientFor(router, {
      transport: async (request) => {
        const response = await httpTransport(request);
        if (request.method === 'PUT' && lost++ === 0) {
          throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
        }
        return response;
      },
    });
    const secret = await client.createSecret({ name: 'once', password: 'x', profile: 'default' });
    expect(secret.name).toBe('once');
    expect((await client.listSecrets()).filter((s) => s.name === 'once')).toHaveLength(1);
  });

  it('a create that failed before landing is sent again', async () => {
    const client = clientFor(router);
    router.configure({ failure: { mode: 'drop', remaining: 1 } });
    const secret = await client.createSecret({ name: 'again', password: 'x', profile: 'default' });
    expect(secret.name).toBe('again');
    expect(router.state.secrets).toHaveLength(1);
  });
});

describe('PPP profiles', () => {
  it('lists the defaults and creates one', async () => {
    const client = clientFor(router);
    const names = (await client.listProfiles()).map((p) => p.name);
    expect(names).toEqual(expect.arrayContaining(['default', 'default-encryption', 'isolir']));
    const gold = await client.createProfile({ name: 'gold-20M', rateLimit: '20M/20M' });
    expect(gold).toEqual({
      id: expect.stringMatching(/^\*/),
      name: 'gold-20M',
      rateLimit: '20M/20M',
    });
    expect(await client.listProfiles()).toContainEqual(gold);
    expect((await caught(client.createProfile({ name: 'gold-20M' }))).kind).toBe('conflict');
    await client.createSecret({ name: 'g', password: 'x', profile: 'gold-20M' });
  });
});

describe('PPP active sessions', () => {
  it('an enabled secret dials in; kicking makes it redial with a new id', async () => {
    const client = clientFor(router);
    await client.createSecret({
      name: 'andi',
      password: 'x',
      profile: 'default',
      service: 'pppoe',
    });
    const [session] = await client.listActive();
    expect(session).toEqual({
      id: expect.stringMatching(/^\*8[0-9A-F]{7}$/),
      name: 'andi',
      service: 'pppoe',
      callerId: expect.stringMatching(/^([0-9A-F]{2}:){5}[0-9A-F]{2}$/),
      address: expect.stringMatching(/^10\.\d+\.\d+\.\d+$/),
      uptime: expect.any(String),
    });
    await client.kickActive(session!.id);
    const after = await client.listActive();
    expect(after).toHaveLength(1);
    expect(after[0]!.id).not.toBe(session!.id);
    expect(after[0]!.callerId).toBe(session!.callerId);
    expect((await caught(client.kickActive(session!.id))).kind).toBe('not_found');
  });

  it('disabling keeps the session until it is kicked; then the CPE cannot redial', async () => {
    const client = clientFor(router);
    const secret = await client.createSecret({
      name: 'isolated',
      password: 'x',
      profile: 'default',
    });
    await client.disableSecret(secret.id);
    expect((await client.listActive()).map((a) => a.name)).toEqual(['isolated']);
    expect(await client.kickByName('isolated')).toBe(1);
    expect(await client.listActive()).toEqual([]);
    await client.enableSecret(secret.id);
    expect((await client.listActive()).map((a) => a.name)).toEqual(['isolated']);
  });

  it('removing a secret keeps its session; kickByName counts and a disabled secret is not dialled', async () => {
    const client = clientFor(router);
    const s = await client.createSecret({ name: 'gone', password: 'x', profile: 'default' });
    await client.createSecret({ name: 'off', password: 'x', profile: 'default', disabled: true });
    await client.removeSecret(s.id);
    expect((await client.listActive()).map((a) => a.name)).toEqual(['gone']);
    expect(await client.kickByName('gone')).toBe(1);
    expect(await client.kickByName('gone')).toBe(0);
    expect(await client.kickByName('off')).toBe(0);
    expect(await client.listActive()).toEqual([]);
  });

  it('findActive answers one user\'s sessions, none for a user without one', async () => {
    const client = clientFor(router);
    await client.createSecret({ name: 'budi', password: 'x', profile: 'default' });
    await client.createSecret({ name: 'citra', password: 'x', profile: 'default' });
    await client.createSecret({ name: 'dodi', password: 'x', profile: 'default', disabled: true });
    const found = await client.findActive('budi');
    expect(found.map((a) => a.name)).toEqual(['budi']);
    expect(found[0]!.address).toMatch(/^10\./);
    expect(await client.findActive('dodi')).toEqual([]);
    expect(await client.findActive('nobody')).toEqual([]);
  });
});

describe('firewall address lists', () => {
  it('add, list (all and by list), duplicate, remove', async () => {
    const client = clientFor(router);
    const entry = await client.addAddressList({
      list: 'isolir',
      address: '10.10.0.2',
      comment: 'unpaid',
    });
    expect(entry).toEqual({
      id: expect.stringMatching(/^\*/),
      list: 'isolir',
      address: '10.10.0.2',
      disabled: false,
      comment: 'unpaid',
    });
    await client.addAddressList({ list: 'allow', address: '10.10.0.3' });
    expect(await client.listAddressList('isolir')).toEqual([entry]);
    expect(await client.listAddressList()).toHaveLength(2);
    expect(
      (await caught(client.addAddressList({ list: 'isolir', address: '10.10.0.2' }))).kind,
    ).toBe('conflict');
    await client.removeAddressList(entry.id);
    expect(await client.listAddressList('isolir')).toEqual([]);
    expect((await caught(client.removeAddressList(entry.id))).kind).toBe('not_found');
  });
});

describe('authentication', () => {
  it('strict credentials: a wrong password is auth, not retried, and never printed', async () => {
    router.configure({ credentials: { username: 'admin', password: 'other' } });
    const client = clientFor(router);
    const before = router.state.requests;
    const error = await caught(client.identity());
    expect(error).toMatchObject({ kind: 'auth', status: 401, routerKey: 't1:r0' });
    expect(router.state.requests - before).toBe(1);
    const printed = [
      error.message,
      error.stack,
      JSON.stringify(error),
      inspect(error),
      inspect(client),
    ].join('\n');
    expect(printed).not.toContain(PASSWORD);
    expect(printed).not.toContain(Buffer.from(`admin:${PASSWORD}`).toString('base64'));

    router.configure({ credentials: { username: 'admin', password: PASSWORD } });
    expect((await client.identity()).name).toBe('MikroTik-SIM-1');
  });

  it('any credentials pass by default, but the Authorization header is required', async () => {
    const response = await fetch(`${router.url}/rest/system/identity`);
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: 401, message: 'Unauthorized' });
    const ok = await fetch(`${router.url}/rest/ppp/secret?name=x`, {
      headers: { authorization: `Basic ${Buffer.from('anyone:anything').toString('base64')}` },
    });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual([]);
  });
});

describe('failures and retries', () => {
  it('a 500 with remaining=1 is retried and succeeds', async () => {
    router.configure({ failure: { mode: 'error500', remaining: 1 } });
    const before = router.state.requests;
    expect((await clientFor(router).identity()).name).toBe('MikroTik-SIM-1');
    expect(router.state.requests - before).toBe(2);
    expect(router.config.failure).toBeNull();
  });

  it('persistent 500s give kind server after 3 attempts', async () => {
    router.configure({ failure: { mode: 'error500' } });
    const before = router.state.requests;
    const error = await caught(clientFor(router).listSecrets());
    expect(error).toMatchObject({ kind: 'server', status: 500 });
    expect(router.state.requests - before).toBe(3);
  });

  it('a hanging router gives kind timeout', async () => {
    router.configure({ failure: { mode: 'hang' } });
    const started = Date.now();
    const error = await caught(
      clientFor(router, { timeoutMs: 100, retry: { attempts: 2, baseDelayMs: 5 } }).identity(),
    );
    expect(error).toMatchObject({ kind: 'timeout' });
    expect(error.message).toContain('timed out after 100 ms');
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('a dropped connection gives kind unreachable', async () => {
    router.configure({ failure: { mode: 'drop' } });
    expect((await caught(clientFor(router).identity())).kind).toBe('unreachable');
  });

  it('a stopped router gives kind unreachable (ECONNREFUSED)', async () => {
    await router.stop();
    const error = await caught(clientFor(router).identity());
    expect(error).toMatchObject({ kind: 'unreachable', code: 'ECONNREFUSED' });
    await router.start();
    expect((await clientFor(router).identity()).name).toBe('MikroTik-SIM-1');
  });

  it('latency is applied', async () => {
    router.configure({ latencyMs: 80 });
    const started = performance.now();
    await clientFor(router).identity();
    expect(performance.now() - started).toBeGreaterThanOrEqual(75);
  });
});

describe('circuit breaker', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('opens after 5 failing calls, fails fast, then half-open → 3 trials → closed', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const states: string[] = [];
    const client = clientFor(router, {
      retry: { attempts: 2, baseDelayMs: 1 },
      breakerOptions: { onStateChange: (s) => states.push(s) },
    });
    await router.stop();
    for (let i = 0; i < 5; i++) expect((await caught(client.identity())).kind).toBe('unreachable');
    expect(client.breaker.state).toBe('open');

    await router.start();
    const before = router.state.requests;
    const fast = await caught(client.listSecrets());
    expect(fast).toMatchObject({ kind: 'circuit_open', routerKey: 't1:r0' });
    expect(router.state.requests).toBe(before);

    vi.setSystemTime(Date.now() + 30_000);
    await client.identity();
    expect(client.breaker.state).toBe('half_open');
    await client.listSecrets();
    await client.listActive();
    expect(client.breaker.state).toBe('closed');
    expect(router.state.requests - before).toBe(3);
    expect(states).toEqual(['open', 'half_open', 'closed']);
  });

  it('a failed trial reopens it; 4xx answers do not count as failures', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const client = clientFor(router, { retry: { attempts: 1 } });
    for (let i = 0; i < 6; i++)
      expect((await caught(client.removeSecret('*FFFF'))).kind).toBe('not_found');
    expect(client.breaker.state).toBe('closed');

    router.configure({ failure: { mode: 'error500' } });
    for (let i = 0; i < 5; i++) await caught(client.identity());
    expect(client.breaker.state).toBe('open');
    vi.setSystemTime(Date.now() + 30_000);
    expect((await caught(client.identity())).kind).toBe('server');
    expect(client.breaker.state).toBe('open');
    expect((await caught(client.identity())).kind).toBe('circuit_open');
  });
});

describe('RouterClientPool', () => {
  it('one client per key; a changed endpoint rebuilds the client and keeps the breaker', async () => {
    const pool = new RouterClientPool({ client: FAST });
    const key = 'tenant-a:router-1';
    const first = pool.get(key, endpointOf(router));
    expect(pool.get(key, endpointOf(router))).toBe(first);
    expect(first.routerKey).toBe(key);

    await router.stop();
    for (let i = 0; i < 5; i++) await caught(first.identity());
    expect(pool.breakerState(key)).toBe('open');

    await router.start();
    const moved = pool.get(key, endpointOf(router, { password: 'rotated' }));
    expect(moved).not.toBe(first);
    expect(moved.breaker).toBe(first.breaker);
    expect((await caught(moved.identity())).kind).toBe('circuit_open');

    const other = pool.get('tenant-b:router-1', endpointOf(sim.routers[1]!));
    expect(other.breaker).not.toBe(first.breaker);
    expect(pool.breakerState('tenant-b:router-1')).toBe('closed');
    expect(pool.breakerState('unknown:key')).toBe('closed');
    expect(pool.size).toBe(2);
  });
});

describe('simulator control endpoints (/_sim)', () => {
  it('state, config and reset over HTTP without auth', async () => {
    await clientFor(router).createSecret({ name: 'ctl', password: 'x', profile: 'default' });

    const state = (await (await fetch(`${router.url}/_sim/state`)).json()) as {
      port: number;
      state: {
        identity: string;
        requests: number;
        secrets: { name: string }[];
        active: unknown[];
        uptime: string;
      };
    };
    expect(state.port).toBe(router.port);
    expect(state.state.identity).toBe('MikroTik-SIM-1');
    expect(state.state.secrets.map((s) => s.name)).toEqual(['ctl']);
    expect(state.state.active).toHaveLength(1);
    expect(state.state.requests).toBe(1);

    const post = (path: string, body?: unknown) =>
      fetch(`${router.url}${path}`, {
        method: 'POST',
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    const config = await post('/_sim/config', {
      latency_ms: 1,
      failure: { mode: 'error500', remaining: 2 },
      credentials: { username: 'admin', password: 'hidden' },
    });
    expect(config.status).toBe(200);
    expect(await config.json()).toEqual({
      latency_ms: 1,
      failure: { mode: 'error500', remaining: 2 },
      credentials: { username: 'admin' },
    });
    expect(router.config.credentials).toEqual({ username: 'admin', password: 'hidden' });
    expect((await post('/_sim/config', { failure: { mode: 'explode' } })).status).toBe(400);

    const reset = await post('/_sim/reset');
    expect(reset.status).toBe(200);
    expect(router.state.secrets).toEqual([]);
    expect(router.state.requests).toBe(0);
    expect(router.config).toEqual({ latencyMs: 0, failure: null, credentials: null });
    expect((await fetch(`${router.url}/_sim/nothing`)).status).toBe(404);
  });
});

describe('TLS', () => {
  let tlsSim: RouterSimulator | undefined;
  let hasOpenssl = true;
  let tlsSelfSignedDir = '';
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rrnet-routeros-tls-'));
    tlsSelfSignedDir = dir;
    try {
      execFileSync(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'rsa:2048',
          '-nodes',
          '-days',
          '1',
          '-subj',
          '/CN=router.local',
          '-keyout',
          join(dir, 'key.pem'),
          '-out',
          join(dir, 'cert.pem'),
        ],
        { stdio: 'ignore' },
      );
    } catch {
      hasOpenssl = false;
      return;
    }
    tlsSim = await createRouterSimulator({
      tls: { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) },
    });
  });
  afterAll(async () => {
    await tlsSim?.close();
  });

  it('rejects a self-signed certificate by default and accepts it with rejectUnauthorized: false', async (ctx) => {
    if (!hasOpenssl || !tlsSim) return ctx.skip();
    const r = tlsSim.routers[0]!;
    expect(r.url).toMatch(/^https:/);
    const endpoint = endpointOf(r, { useTls: true });
    const strict = new RouterOsClient(endpoint, { ...FAST, retry: { attempts: 1 } });
    // a certificate that does not verify is its own kind, not retried as if the router were down
    const refused = await caught(strict.identity());
    expect(refused.kind).toBe('tls');
    expect(refused.message).toMatch(/certificate did not verify \(DEPTH_ZERO_SELF_SIGNED_CERT\)/);
    const requestsBefore = tlsSim.routers[0]!.state.requests;
    const lenient = new RouterOsClient(endpoint, { ...FAST, rejectUnauthorized: false });
    expect((await lenient.identity()).name).toBe('MikroTik-SIM-1');
    await lenient.createSecret({ name: 'tls-user', password: 'x', profile: 'default' });
    expect(await lenient.kickByName('tls-user')).toBe(1);
    expect(tlsSim.routers[0]!.state.requests).toBeGreaterThan(requestsBefore);
  });

  it("trusts a router's own CA, or its pinned self-signed certificate, only when it names the host", async (ctx) => {
    if (!hasOpenssl) return ctx.skip();
    const dir = certificateDir('rrnet-routeros-ca-');
    const ca = createCertificateAuthority(dir, 'router-ca');
    const other = createCertificateAuthority(certificateDir('rrnet-routeros-other-'), 'other-ca');
    const issued = issueCertificate(ca, 'router', { cn: 'router-1', hosts: ['127.0.0.1'] });
    const sim = await createRouterSimulator({ tls: { key: readFileSync(issued.keyFile), cert: readFileSync(issued.certFile) } });
    try {
      const r = sim.routers[0]!;
      const caPem = readFileSync(ca.certFile, 'utf8');
      const viaCa = new RouterOsClient(endpointOf(r, { useTls: true, caPem }), FAST);
      expect((await viaCa.identity()).name).toBe('MikroTik-SIM-1');
      // the public CAs do not know it; another private CA does not vouch for it
      expect((await caught(new RouterOsClient(endpointOf(r, { useTls: true }), FAST).identity())).kind).toBe('tls');
      const wrong = await caught(new RouterOsClient(endpointOf(r, { useTls: true, caPem: readFileSync(other.certFile, 'utf8') }), FAST).identity());
      expect(wrong.kind).toBe('tls');
      // the pool rebuilds a client whose CA changed
      const pool = new RouterClientPool({ client: FAST });
      const first = pool.get('t:r', endpointOf(r, { useTls: true, caPem }));
      expect(pool.get('t:r', endpointOf(r, { useTls: true, caPem }))).toBe(first);
      expect(pool.get('t:r', endpointOf(r, { useTls: true, caPem: readFileSync(other.certFile, 'utf8') }))).not.toBe(first);
    } finally {
      await sim.close();
    }
    // the self-signed certificate of the sim above names router.local, not 127.0.0.1: pinning it is not enough
    if (tlsSim) {
      const selfSigned = readFileSync(join(tlsSelfSignedDir, 'cert.pem'), 'utf8');
      const pinned = await caught(new RouterOsClient(endpointOf(tlsSim.routers[0]!, { useTls: true, caPem: selfSigned }), FAST).identity());
      expect(pinned.kind).toBe('tls');
      expect(pinned.code).toBe('ERR_TLS_CERT_ALTNAME_INVALID');
    }
  });

  it('refuses plain http outside loopback and the tunnel where the deployment says so, before sending anything', async () => {
    const policy = { ...FAST, plainHttp: 'loopback_only' as const };
    const outside = new RouterOsClient({ host: 'router.example', port: 80, useTls: false, username: 'u', password: 'p' }, policy);
    const refused = await caught(outside.identity());
    expect(refused.kind).toBe('policy');
    expect(refused.message).toMatch(/plain http to a router is refused in production/);
    expect(refused.message).not.toContain('p@');
    // loopback (a simulator, a local agent) and a tunnel address stay allowed
    const sim = await createRouterSimulator();
    try {
      expect((await new RouterOsClient(endpointOf(sim.routers[0]!), policy).identity()).name).toBe('MikroTik-SIM-1');
    } finally {
      await sim.close();
    }
    expect(plainHttpRefusal({ host: 'router.example', useTls: false, tunnelAddress: '10.99.0.2' }, 'loopback_only')).toBeNull();
    expect(plainHttpRefusal({ host: 'router.example', useTls: true }, 'loopback_only')).toBeNull();
    expect(plainHttpRefusal({ host: '[::1]', useTls: false }, 'loopback_only')).toBeNull();
    expect(plainHttpRefusal({ host: '10.0.0.1', useTls: false }, 'allowed')).toBeNull();
  });
});

describe('sim_cli', () => {
  const cli = fileURLToPath(new URL('../../src/sim_cli.ts', import.meta.url));
  const packageDir = fileURLToPath(new URL('../..', import.meta.url));
  const run = (args: string[]) =>
    spawn(process.execPath, ['--import', 'tsx', cli, ...args], { cwd: packageDir, stdio: 'pipe' });

  it('prints one ready line, serves, and exits cleanly on SIGTERM', async () => {
    const child = run(['--base-port', '0', '--count', '2', '--latency', '0']);
    const line = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('\n')) resolve(out.split('\n')[0]!);
      });
      child.on('exit', (code) => reject(new Error(`exited early with ${code}`)));
    });
    const ready = JSON.parse(line) as { event: string; host: string; ports: number[] };
    expect(ready).toMatchObject({ event: 'router_simulator_ready', host: '127.0.0.1' });
    expect(ready.ports).toHaveLength(2);
    const state = (await (await fetch(`http://127.0.0.1:${ready.ports[1]}/_sim/state`)).json()) as {
      state: { identity: string };
    };
    expect(state.state.identity).toBe('MikroTik-SIM-2');
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('exits 1 with a clear message when a port is busy', async () => {
    const child = run(['--base-port', String(router.port), '--count', '1']);
    let err = '';
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    expect(err).toContain(`port ${router.port}`);
    expect(err).toContain('already in use');
  });
});
