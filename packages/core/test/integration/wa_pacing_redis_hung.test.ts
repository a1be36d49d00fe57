/**
 * WhatsApp pacing fails closed when Redis hangs (connected, answering nothing) at the moment
 * a drain takes its tokens: over RESP the limiter's command fails after
 * REDIS_COMMAND_TIMEOUT_MS (no "success, reason timeout" as over Upstash REST). The batch is
 * not sent, its claim rolls back, the drain looks again shortly — and once Redis answers,
 * the message goes out. A redis-server of this test's own, frozen with SIGSTOP.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queueMessage } from '../../src/notifications/outbox';
import { LIMIT_RECHECK_MS } from '../../src/notifications/sender';
import { privateRedis } from '../../../../tests/redis_server';
import type { PrivateRedis } from '../../../../tests/redis_server';
import { phones, startWaHarness } from './wa_harness';
import type { WaHarness } from './wa_harness';

let redis: PrivateRedis;
let h: WaHarness;

beforeAll(async () => {
  redis = await privateRedis();
  h = await startWaHarness({ redisUrl: redis.url });
  // no quiet hours: nothing here depends on the hour it runs at
  await h.admin`UPDATE tenant_settings SET wa_quiet_start = NULL, wa_quiet_end = NULL`;
}, 60_000);
afterAll(async () => {
  await h?.close();
  await redis?.kill();
});

describe('a hung Redis when the drain takes its tokens', () => {
  it('sends nothing and looks again shortly; once Redis answers, the message goes out', async () => {
    const [phone] = phones(1, 813);
    const id = await h.inTenant(h.tenantA, (tx) =>
      queueMessage(tx, h.tenantA, { customerId: null, code: null, toPhone: phone!, body: 'Tagihan Anda sudah terbit', dedupeKey: `t:hung:${Date.now()}` }),
    );
    expect(id).toBeTruthy();
    const status = async () => (await h.admin<{ status: string; attempts: number }[]>`SELECT status, attempts FROM tenant_wa_messages WHERE id = ${id!}`)[0];

    // Redis answers the drain's first look at the window, then hangs before the take
    const limiter = h.services.limiter;
    const getRemaining = limiter.getRemaining;
    limiter.getRemaining = async (identifier) => {
      const left = await getRemaining(identifier);
      redis.freeze();
      return left;
    };
    let held;
    try {
      held = await h.drain(h.tenantA);
    } finally {
      redis.thaw();
      limiter.getRemaining = getRemaining;
    }
    expect(held.claimed).toBe(0);
    expect(held.next_run_at).not.toBeNull();
    expect(new Date(held.next_run_at!).getTime() - Date.now()).toBeLessThanOrEqual(LIMIT_RECHECK_MS);
    expect(await status()).toEqual({ status: 'queued', attempts: 0 });

    const sent = await h.drain(h.tenantA);
    expect(sent.claimed).toBe(1);
    expect((await status())!.status).not.toBe('queued');
  });
});
