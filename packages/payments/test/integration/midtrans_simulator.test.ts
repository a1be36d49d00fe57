/**
 * The Midtrans simulator over HTTP: Snap's create-transaction answers and refusals (Basic auth
 * with the server key, transaction_details checked, an order id only once), the pay page, paying
 * it (the signed settlement notification reaches the account's notification URL, the form is
 * sent to callbacks.finish), the Core API status and X-Override-Notification.
 */
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMidtransSimulator } from '../../src/midtrans_simulator';
import type { MidtransSimulator } from '../../src/midtrans_simulator';

const KEY = 'SB-Mid-server-simulator-test';
let sim: MidtransSimulator;
const received: { path: string; body: Record<string, string> }[] = [];
const receiver = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    received.push({ path: req.url ?? '', body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, string> });
    res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
});
let hook = '';

beforeAll(async () => {
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', () => resolve()));
  hook = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  sim = await createMidtransSimulator({ accounts: [{ server_key: KEY, notification_url: `${hook}/account`, merchant_name: 'RRNet' }] });
});
afterAll(async () => {
  await sim.close();
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
});

const auth = (key: string) => `Basic ${Buffer.from(`${key}:`).toString('base64')}`;
const snap = (body: unknown, key = KEY, headers: Record<string, string> = {}) =>
  fetch(`${sim.url}/snap/v1/transactions`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: auth(key), ...headers }, body: JSON.stringify(body) });

describe('Midtrans simulator', () => {
  it('refuses a wrong server key (401) and a request without order id or amount (400)', async () => {
    const bad = await snap({ transaction_details: { order_id: 'X-1', gross_amount: 1000 } }, 'SB-Mid-server-wrong');
    expect(bad.status).toBe(401);
    expect(((await bad.json()) as { error_messages: string[] }).error_messages[0]).toMatch(/unauthorized/);
    const invalid = await snap({ transaction_details: { gross_amount: 'x' } });
    expect(invalid.status).toBe(400);
    expect(((await invalid.json()) as { error_messages: string[] }).error_messages).toEqual(['transaction_details.order_id is required', 'transaction_details.gross_amount is required']);
  });

  it('creates a transaction, pays it on its page and sends the signed settlement to the account and the finish page', async () => {
    const res = await snap({ transaction_details: { order_id: 'RRN-202612-00001.ab12', gross_amount: 166_500 }, callbacks: { finish: 'http://isp.test/billing/subscription?paid=1' } });
    expect(res.status).toBe(201);
    const { token, redirect_url } = (await res.json()) as { token: string; redirect_url: string };
    expect(redirect_url).toBe(`${sim.url}/snap/v4/redirection/${token}`);
    expect((await snap({ transaction_details: { order_id: 'RRN-202612-00001.ab12', gross_amount: 1 } })).status).toBe(400);
    // nothing to ask the Core API about until it is paid
    expect((await fetch(`${sim.url}/v2/RRN-202612-00001.ab12/status`, { headers: { authorization: auth(KEY) } })).status).toBe(404);

    const page = await (await fetch(redirect_url)).text();
    expect(page).toContain('IDR 166,500');
    expect(page).toContain('data-testid="midtrans-pay"');
    const paid = await fetch(`${redirect_url}/pay`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'payment_type=qris', redirect: 'manual' });
    expect(paid.status).toBe(303);
    expect(paid.headers.get('location')).toBe('http://isp.test/billing/subscription?paid=1&order_id=RRN-202612-00001.ab12&status_code=200&transaction_status=settlement');

    const n = received.at(-1)!;
    expect(n.path).toBe('/account');
    expect(n.body).toMatchObject({ order_id: 'RRN-202612-00001.ab12', status_code: '200', gross_amount: '166500.00', transaction_status: 'settlement', payment_type: 'qris', fraud_status: 'accept', currency: 'IDR' });
    expect(n.body.signature_key).toBe(createHash('sha512').update(`RRN-202612-00001.ab12200166500.00${KEY}`).digest('hex'));
    expect(n.body.transaction_time).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(sim.deliveries.at(-1)).toMatchObject({ http_status: 200 });

    const status = await fetch(`${sim.url}/v2/RRN-202612-00001.ab12/status`, { headers: { authorization: auth(KEY) } });
    expect(status.status).toBe(200);
    expect(await status.json()).toMatchObject({ transaction_status: 'settlement', transaction_id: n.body.transaction_id, signature_key: n.body.signature_key });
    // only once; the page says so
    await expect(sim.pay('RRN-202612-00001.ab12')).rejects.toThrow(/settlement/);
    expect(await (await fetch(redirect_url)).text()).toContain('data-testid="midtrans-status">settlement');
    // Midtrans retries: the same notification again
    await fetch(`${sim.url}/_sim/orders/RRN-202612-00001.ab12/notify`, { method: 'POST' });
    expect(received.at(-1)!.body).toEqual(n.body);
  });

  it('takes a new merchant account at run time (an ISP’s own key)', async () => {
    const isp = 'SB-Mid-server-isp-added-later';
    expect((await snap({ transaction_details: { order_id: 'ISP-1', gross_amount: 1000 } }, isp)).status).toBe(401);
    const added = await fetch(`${sim.url}/_sim/accounts`, { method: 'POST', body: JSON.stringify({ server_key: isp, notification_url: `${hook}/isp` }) });
    expect(added.status).toBe(201);
    expect((await snap({ transaction_details: { order_id: 'ISP-1', gross_amount: 1000 } }, isp)).status).toBe(201);
    await sim.pay('ISP-1');
    expect(received.at(-1)!.path).toBe('/isp');
  });

  it('sends to X-Override-Notification instead of the account URL', async () => {
    await snap({ transaction_details: { order_id: 'ORDER-override', gross_amount: 5000 } }, KEY, { 'X-Override-Notification': `${hook}/override` });
    const deliveries = await sim.pay('ORDER-override');
    expect(deliveries.map((d) => d.url)).toEqual([`${hook}/override`]);
    expect(received.at(-1)!.path).toBe('/override');
  });
});
