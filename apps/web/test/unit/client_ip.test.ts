import { describe, expect, it } from 'vitest';
import { clientIp } from '~/lib/client_ip';

describe('clientIp', () => {
  it('behind one proxy takes the entry it appended, never what the client wrote before it', () => {
    // the client forged "1.1.1.1, 2.2.2.2"; the ingress appended the address it saw
    expect(clientIp('1.1.1.1, 2.2.2.2, 203.0.113.7', 1)).toBe('203.0.113.7');
    expect(clientIp('203.0.113.7', 1)).toBe('203.0.113.7');
  });

  it('behind two proxies takes the outer one’s entry', () => {
    expect(clientIp('9.9.9.9, 203.0.113.7, 10.0.0.5', 2)).toBe('203.0.113.7');
  });

  it('without a proxy takes the address Next.js set (the only entry)', () => {
    expect(clientIp('::ffff:127.0.0.1', 0)).toBe('::ffff:127.0.0.1');
  });

  it('gives null when the header is absent, empty or shorter than the proxy chain', () => {
    expect(clientIp(null, 0)).toBeNull();
    expect(clientIp(' , ', 1)).toBeNull();
    expect(clientIp('203.0.113.7', 2)).toBeNull();
  });
});
