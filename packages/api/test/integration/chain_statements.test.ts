/**
 * A request whose session and entitlements are cached sends the database nothing but the
 * handler's own tenant transaction: steps 1–5 of the chain (token, session still active,
 * tenant, rate limits, feature, RBAC) are answered by caches and Redis.
 */
import { Redis as IORedis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_REDIS_URL } from '../../../../tests/services';
import { startHarness } from './api_harness';
import type { Harness } from './api_harness';

let h: Harness;
let recording = false;
const seen: { pool: 'app' | 'system'; statement: string }[] = [];

beforeAll(async () => {
  h = await startHarness({
    onStatement: (pool, statement) => {
      if (recording) seen.push({ pool, statement: statement.trim().replace(/\s+/g, ' ') });
    },
  });
});
afterAll(async () => {
  const direct = new IORedis(TEST_REDIS_URL);
  const keys = await direct.keys(`${h.prefix}*`);
  if (keys.length) await direct.del(...keys);
  direct.disconnect();
  await h.close();
});

async function statementsOf(run: () => Promise<unknown>) {
  seen.length = 0;
  recording = true;
  try {
    await run();
  } finally {
    recording = false;
  }
  return [...seen];
}

/** one transaction: BEGIN first, COMMIT last, no other BEGIN or COMMIT between */
function expectOneTransaction(statements: { pool: string; statement: string }[]) {
  expect(statements.filter((s) => s.pool === 'system')).toEqual([]);
  const app = statements.map((s) => s.statement.toLowerCase());
  expect(app[0]).toMatch(/^begin\b/);
  expect(app.at(-1)).toMatch(/^commit\b/);
  expect(app.filter((s) => /^begin\b/.test(s))).toHaveLength(1);
  expect(app.filter((s) => /^(commit|rollback)\b/.test(s))).toHaveLength(1);
}

describe('a cached request', () => {
  it('issues only the handler transaction (a small list and a page of 50 customers)', async () => {
    const { access_token } = await h.login('owner@sinarnet.demo');
    // the first calls fill the session and entitlement caches
    await h.call(access_token).admin.users.list();
    await h.call(access_token).customers.customers.list({ limit: 50 });

    const users = await statementsOf(() => h.call(access_token).admin.users.list());
    expectOneTransaction(users);
    // and the handler's own statement is in it
    expect(users.some((s) => /from "?sys_users"?|tenant_memberships/i.test(s.statement))).toBe(true);

    const customers = await statementsOf(() => h.call(access_token).customers.customers.list({ limit: 50 }));
    expectOneTransaction(customers);
    expect(customers.some((s) => /from "tenant_customers"/i.test(s.statement))).toBe(true);
  });

  it('an uncached session is read once, then served from the caches', async () => {
    const { access_token } = await h.login('admin@sinarnet.demo');
    const direct = new IORedis(TEST_REDIS_URL);
    try {
      // the session's cache entry gone (as after its TTL): the check reads Postgres once
      const keys = await direct.keys('rrnet:session:*');
      if (keys.length) await direct.del(...keys);
    } finally {
      direct.disconnect();
    }
    const first = await statementsOf(() => h.call(access_token).admin.users.list());
    expect(first.filter((s) => s.pool === 'system').some((s) => /sys_sessions/.test(s.statement))).toBe(true);
    expectOneTransaction(await statementsOf(() => h.call(access_token).admin.users.list()));
  });
});
