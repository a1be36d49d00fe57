/**
 * The REST dispatcher (apps/web/src/server/openapi_fetch.ts) as a client meets it: how a
 * request finds its operation (method, path, case, HEAD), and how the query string becomes
 * the procedure's input (numbers coerced from text on the first call already).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataOf, PUBLIC_URL, startRestHarness } from './rest_harness';
import type { RestHarness } from './rest_harness';

let h: RestHarness;
let owner: string;

beforeAll(async () => {
  h = await startRestHarness();
  owner = await h.login('owner@sinarnet.demo');
});
afterAll(async () => {
  await h?.close();
});

describe('REST dispatch', () => {
  it('coerces a numeric query parameter on the first call, and refuses one that is not a number', async () => {
    const page = dataOf<{ items: unknown[] }>(await h.call('GET', '/customers/customers?limit=2', { token: owner }));
    expect(page.items).toHaveLength(2);
    const refused = await h.call('GET', '/customers/customers?limit=two', { token: owner });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ status: 'error', error_code: 'VALIDATION_FAILED' });
  });

  it('answers an unknown endpoint, or a known path with another method, 404 in the envelope', async () => {
    const unknown = await h.call('GET', '/customers/nope', { token: owner, validate: false });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ status: 'error', error_code: 'NOT_FOUND', message: 'No such endpoint. See /api/v1/openapi.json.' });
    const wrongMethod = await h.call('DELETE', '/admin/users', { token: owner, validate: false });
    expect(wrongMethod.status).toBe(404);
    expect(wrongMethod.body).toMatchObject({ error_code: 'NOT_FOUND' });
  });

  it('matches paths without regard to case, path parameters included', async () => {
    const users = dataOf<unknown[]>(await h.call('GET', '/admin/users', { token: owner }));
    const upper = await h.serve(new Request(`${PUBLIC_URL}/api/v1/ADMIN/Users`, { headers: { authorization: `Bearer ${owner}` } }));
    expect(upper.status).toBe(200);
    expect(((await upper.json()) as { data: unknown[] }).data).toHaveLength(users.length);
  });

  it('answers HEAD as GET: the same status and headers (the chain ran: rate-limit headers)', async () => {
    const head = await h.serve(new Request(`${PUBLIC_URL}/api/v1/admin/users`, { method: 'HEAD', headers: { authorization: `Bearer ${owner}` } }));
    expect(head.status).toBe(200);
    expect(head.headers.get('x-ratelimit-scope')).not.toBeNull();
    expect(head.headers.get('content-type')).toBe('application/json');
    const anonymous = await h.serve(new Request(`${PUBLIC_URL}/api/v1/admin/users`, { method: 'HEAD' }));
    expect(anonymous.status).toBe(401);
  });
});
