import { describe, expect, it } from 'vitest';
import { RouterOsClient } from '../../src/client';
import { RouterOsError, TRANSIENT_KINDS, isRouterOsError, isTransientRouterError, kindForStatus } from '../../src/errors';
import type { HttpTransport } from '../../src/transport';
import type { RouterErrorKind } from '../../src/types';

const ALL_KINDS: RouterErrorKind[] = ['unreachable', 'timeout', 'server', 'auth', 'not_found', 'conflict', 'bad_request', 'circuit_open'];
const error = (kind: RouterErrorKind) => new RouterOsError({ kind, routerKey: 'tenant-1:router-1', message: `simulated ${kind}` });

describe('RouterOsError', () => {
  it('is an Error carrying its kind, router and the optional HTTP/RouterOS/network details', () => {
    const err = new RouterOsError({
      kind: 'conflict',
      routerKey: 'tenant-1:router-1',
      message: 'router tenant-1:router-1: PUT /ppp/secret → 400 failure: secret with the same name already exists',
      status: 400,
      detail: 'failure: secret with the same name already exists',
    });
    expect(err).toBeInstanceOf(Error);
    expect(err.name).toBe('RouterOsError');
    expect(err).toMatchObject({ kind: 'conflict', routerKey: 'tenant-1:router-1', status: 400, detail: 'failure: secret with the same name already exists' });
    expect(err.message).toContain('PUT /ppp/secret');
    expect(String(err)).toMatch(/^RouterOsError: /);
  });

  it('has no status, detail or code it was not given', () => {
    const err = new RouterOsError({ kind: 'unreachable', routerKey: 'r', message: 'm', code: 'ECONNREFUSED' });
    expect(err.code).toBe('ECONNREFUSED');
    expect(err.status).toBeUndefined();
    expect(err.detail).toBeUndefined();
    expect(JSON.parse(JSON.stringify(error('timeout')))).toEqual({ name: 'RouterOsError', kind: 'timeout', routerKey: 'tenant-1:router-1' });
  });
});

describe('isRouterOsError / isTransientRouterError', () => {
  it('retries exactly unreachable, timeout and server errors', () => {
    expect([...TRANSIENT_KINDS].sort()).toEqual(['server', 'timeout', 'unreachable']);
    expect(ALL_KINDS.filter((kind) => isTransientRouterError(error(kind))).sort()).toEqual(['server', 'timeout', 'unreachable']);
  });

  it('does not retry an open circuit, a refusal or a bad request', () => {
    for (const kind of ['circuit_open', 'auth', 'not_found', 'conflict', 'bad_request'] as const) expect(isTransientRouterError(error(kind)), kind).toBe(false);
  });

  it('recognises only its own errors, not look-alikes', () => {
    const lookAlike = Object.assign(new Error('simulated timeout'), { kind: 'timeout', routerKey: 'r' });
    for (const value of [lookAlike, { kind: 'server' }, 'timeout', null, undefined]) {
      expect(isRouterOsError(value)).toBe(false);
      expect(isTransientRouterError(value)).toBe(false);
    }
    expect(isRouterOsError(error('auth'))).toBe(true);
  });
});

describe('kindForStatus', () => {
  it('maps HTTP statuses to kinds', () => {
    expect(kindForStatus(401, undefined)).toBe('auth');
    expect(kindForStatus(403, 'not enough permissions (9)')).toBe('auth');
    expect(kindForStatus(404, 'no such item')).toBe('not_found');
    expect(kindForStatus(409, undefined)).toBe('conflict');
    for (const status of [500, 502, 503, 504, 599]) expect(kindForStatus(status, undefined)).toBe('server');
    for (const status of [400, 405, 413, 422, 429]) expect(kindForStatus(status, undefined)).toBe('bad_request');
  });

  it('reads RouterOS’s 400 for a duplicate as a conflict, whichever wording the version uses', () => {
    expect(kindForStatus(400, 'failure: secret with the same name already exists')).toBe('conflict');
    expect(kindForStatus(400, 'failure: already have such entry')).toBe('conflict');
    expect(kindForStatus(400, 'Failure: Already Exists')).toBe('conflict');
  });

  it('keeps other 400s bad requests, and does not read the detail of other statuses', () => {
    expect(kindForStatus(400, 'input does not match any value of profile')).toBe('bad_request');
    expect(kindForStatus(400, '')).toBe('bad_request');
    expect(kindForStatus(422, 'failure: already exists')).toBe('bad_request');
    expect(kindForStatus(500, 'already exists')).toBe('server');
  });
});

describe('errors the client throws', () => {
  const PASSWORD = 's3cr3t-Passw0rd';
  const client = (transport: HttpTransport) =>
    new RouterOsClient({ host: '10.0.0.1', port: 443, useTls: true, username: 'rrnet', password: PASSWORD }, { routerKey: 'tenant-1:router-1', transport, retry: { attempts: 1 } });
  const answer = (status: number, body: unknown): HttpTransport => async () => ({ status, body: JSON.stringify(body) });

  it('carry the kind of the router’s answer, its status and detail, and name the request', async () => {
    const err = await client(answer(400, { error: 400, message: 'Bad Request', detail: 'failure: secret with the same name already exists' }))
      .createSecret({ name: 'budi', password: 'x', profile: 'default' })
      .catch((e: unknown) => e);
    expect(isRouterOsError(err)).toBe(true);
    expect(err).toMatchObject({ kind: 'conflict', status: 400, detail: 'failure: secret with the same name already exists', routerKey: 'tenant-1:router-1' });
    expect((err as Error).message).toContain('PUT /ppp/secret');
    await expect(client(answer(401, { error: 401, message: 'Unauthorized' })).listSecrets()).rejects.toMatchObject({ kind: 'auth', status: 401 });
    await expect(client(answer(503, 'busy')).listSecrets()).rejects.toSatisfy(isTransientRouterError);
  });

  it('turn a network failure into a transient error with its code', async () => {
    const refused: HttpTransport = async () => {
      throw Object.assign(new Error('connect ECONNREFUSED 10.0.0.1:443'), { code: 'ECONNREFUSED' });
    };
    const err = await client(refused).listSecrets().catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'unreachable', code: 'ECONNREFUSED' });
    expect(isTransientRouterError(err)).toBe(true);
  });

  it('never carry the password or the Authorization header', async () => {
    let authorization = '';
    const transport: HttpTransport = async (request) => {
      authorization = request.headers.authorization ?? '';
      return { status: 401, body: JSON.stringify({ error: 401, message: 'Unauthorized' }) };
    };
    const err = await client(transport).listSecrets().catch((e: unknown) => e);
    expect(authorization).toMatch(/^Basic /);
    const everything = JSON.stringify({ ...(err as object), message: (err as Error).message, stack: (err as Error).stack });
    expect(everything).not.toContain(PASSWORD);
    expect(everything).not.toContain(authorization.slice('Basic '.length));
  });
});
