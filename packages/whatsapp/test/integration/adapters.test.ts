/**
 * The adapters against the simulator over real HTTP: both gateways send and get ids,
 * each failure mode becomes the right error kind, a refused connection is retried, and
 * the breaker opens after 5 failures and recovers through its half-open trials.
 */
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CloudApiGateway, FonnteGateway, GatewayBreakers } from '../../src';
import { createWhatsAppSimulator } from '../../src/simulator';
import type { WhatsAppSimulator } from '../../src/simulator';

let sim: WhatsAppSimulator;
const cloudCreds = { phone_number_id: '111', access_token: 'cloud-token' };
const msg = (i: number) => ({ id: `00000000-0000-4000-8000-00000000000${i}`, to: `+62812345678${i}0`, body: `halo ${i}`, template: { name: 'rrnet_t', language: 'id' as const, parameters: [`p${i}`] } });

beforeAll(async () => {
  sim = await createWhatsAppSimulator({ accounts: [{ kind: 'cloud', id: '111', access_token: 'cloud-token', callback_url: null }, { kind: 'fonnte', id: 'fonnte-token', callback_url: null }] });
});
afterAll(async () => {
  await sim.close();
});
beforeEach(() => {
  sim.reset();
  sim.configure({ failure: null, latencyMs: 0 });
});

describe('adapters', () => {
  it('send through both APIs and return the gateway ids', async () => {
    const cloud = new CloudApiGateway({ baseUrl: sim.url, credentials: cloudCreds });
    const fonnte = new FonnteGateway({ baseUrl: sim.url, credentials: { token: 'fonnte-token' } });
    expect((await cloud.send(msg(1))).providerMessageId).toMatch(/^wamid\./);
    expect((await fonnte.send(msg(2))).providerMessageId).toMatch(/^\d+$/);
    expect(sim.messages().map((m) => [m.provider, m.to, m.callback_data])).toEqual([
      ['cloud', '+628123456781 0'.replace(' ', ''), msg(1).id],
      ['fonnte', '+6281234567820', null],
    ]);
  });

  it('failure modes map to kinds; wrong credentials are auth', async () => {
    const cloud = new CloudApiGateway({ baseUrl: sim.url, credentials: cloudCreds, timeoutMs: 300 });
    sim.configure({ failure: { mode: 'error500', remaining: 1 } });
    await expect(cloud.send(msg(1))).rejects.toMatchObject({ kind: 'server', status: 500 });
    sim.configure({ failure: { mode: 'rate_limit', remaining: 1 } });
    await expect(cloud.send(msg(1))).rejects.toMatchObject({ kind: 'rate_limited', code: '131056' });
    sim.configure({ failure: { mode: 'hang', remaining: 1 } });
    await expect(cloud.send(msg(2))).rejects.toMatchObject({ kind: 'timeout' });
    sim.configure({ failure: { mode: 'drop', remaining: 1 } });
    await expect(cloud.send(msg(3))).rejects.toMatchObject({ kind: 'unknown_outcome' });
    await expect(new CloudApiGateway({ baseUrl: sim.url, credentials: { ...cloudCreds, access_token: 'wrong' } }).send(msg(4))).rejects.toMatchObject({ kind: 'auth' });
    await expect(new FonnteGateway({ baseUrl: sim.url, credentials: { token: 'wrong' } }).send(msg(4))).rejects.toMatchObject({ kind: 'auth' });
    const closed = await new Promise<number>((resolve) => {
      const srv = createServer().listen(0, '127.0.0.1', () => {
        const port = (srv.address() as AddressInfo).port;
        srv.close(() => resolve(port));
      });
    });
    await expect(new CloudApiGateway({ baseUrl: `http://127.0.0.1:${closed}`, credentials: cloudCreds }).send(msg(4))).rejects.toMatchObject({ kind: 'unreachable' });
  });

  it('the breaker opens after 5 gateway failures, fails fast, and closes after its half-open trials', async () => {
    const breakers = new GatewayBreakers({ openMs: 200, retryBaseMs: 10 });
    const gw = breakers.protect('t1', new FonnteGateway({ baseUrl: sim.url, credentials: { token: 'fonnte-token' } }));
    sim.configure({ failure: { mode: 'error500' } });
    for (let i = 0; i < 5; i++) await expect(gw.send(msg(i))).rejects.toMatchObject({ kind: 'server' });
    expect(breakers.state('t1', 'fonnte')).toBe('open');
    const before = sim.messages().length;
    await expect(gw.send(msg(6))).rejects.toMatchObject({ kind: 'circuit_open' });
    expect(sim.messages().length).toBe(before);
    sim.configure({ failure: null });
    await new Promise((r) => setTimeout(r, 220));
    for (let i = 0; i < 3; i++) await gw.send(msg(i));
    expect(breakers.state('t1', 'fonnte')).toBe('closed');
    expect(breakers.state('t2', 'fonnte')).toBe('closed');
  });
});
