import { describe, expect, it } from 'vitest';
import { RouterClientPool, RouterOsClient, dialAddress } from '../../src';
import type { HttpTransport } from '../../src/transport';

const endpoint = { host: 'rt01.isp.example', port: 443, useTls: true, username: 'rrnet', password: 'pw' };

describe('tunnel mode', () => {
  it('dials the tunnel address when the router has one, its host otherwise', async () => {
    expect(dialAddress(endpoint)).toBe('rt01.isp.example');
    expect(dialAddress({ ...endpoint, tunnelAddress: null })).toBe('rt01.isp.example');
    expect(dialAddress({ ...endpoint, tunnelAddress: '10.200.5.1' })).toBe('10.200.5.1');
    const urls: string[] = [];
    const transport: HttpTransport = async (request) => {
      urls.push(request.url);
      return { status: 200, body: JSON.stringify({ name: 'rt01' }) };
    };
    await new RouterOsClient({ ...endpoint, tunnelAddress: '10.200.5.1' }, { transport }).identity();
    await new RouterOsClient(endpoint, { transport }).identity();
    expect(urls).toEqual(['https://10.200.5.1:443/rest/system/identity', 'https://rt01.isp.example:443/rest/system/identity']);
  });

  it('rebuilds the pooled client when a router enters or leaves tunnel mode, keeping its breaker', () => {
    const pool = new RouterClientPool();
    const direct = pool.get('t:r', endpoint);
    expect(pool.get('t:r', { ...endpoint, tunnelAddress: null })).toBe(direct);
    const tunnelled = pool.get('t:r', { ...endpoint, tunnelAddress: '10.200.5.1' });
    expect(tunnelled).not.toBe(direct);
    expect(tunnelled.breaker).toBe(direct.breaker);
    expect(tunnelled.endpoint.tunnelAddress).toBe('10.200.5.1');
  });
});
