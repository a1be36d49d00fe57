import { describe, expect, it } from 'vitest';
import { isLoopback, metricsAccess } from '../../src/server/metrics_access';
import { benchAccess } from '../../src/server/bench_access';

const TOKEN = 'metrics-token-0123456789abcdef';

describe('metricsAccess', () => {
  it('with a token: only the exact bearer token, from any address', () => {
    for (const nodeEnv of ['development', 'test', 'production'] as const) {
      expect(metricsAccess({ authorization: `Bearer ${TOKEN}`, ip: '203.0.113.9', token: TOKEN, nodeEnv })).toBe('allow');
      expect(metricsAccess({ authorization: `bearer ${TOKEN}`, ip: null, token: TOKEN, nodeEnv })).toBe('allow');
      expect(metricsAccess({ authorization: null, ip: '127.0.0.1', token: TOKEN, nodeEnv })).toBe('unauthorized');
      expect(metricsAccess({ authorization: `Bearer ${TOKEN}x`, ip: '127.0.0.1', token: TOKEN, nodeEnv })).toBe('unauthorized');
      expect(metricsAccess({ authorization: TOKEN, ip: '127.0.0.1', token: TOKEN, nodeEnv })).toBe('unauthorized');
      expect(metricsAccess({ authorization: 'Bearer ', ip: '127.0.0.1', token: TOKEN, nodeEnv })).toBe('unauthorized');
    }
  });

  it('without a token: loopback only in development and test, nobody in production', () => {
    expect(metricsAccess({ authorization: null, ip: '127.0.0.1', token: undefined, nodeEnv: 'development' })).toBe('allow');
    expect(metricsAccess({ authorization: null, ip: '::1', token: undefined, nodeEnv: 'test' })).toBe('allow');
    expect(metricsAccess({ authorization: null, ip: '192.168.1.20', token: undefined, nodeEnv: 'development' })).toBe('not_found');
    expect(metricsAccess({ authorization: null, ip: null, token: undefined, nodeEnv: 'development' })).toBe('not_found');
    expect(metricsAccess({ authorization: null, ip: '127.0.0.1', token: undefined, nodeEnv: 'production' })).toBe('not_found');
  });

  it('knows loopback addresses, IPv4-mapped included', () => {
    expect(['127.0.0.1', '127.1.2.3', '::1', '::ffff:127.0.0.1'].every(isLoopback)).toBe(true);
    expect(['10.0.0.1', '::ffff:10.0.0.1', '1127.0.0.1', '127.0.0.1.evil', 'localhost', ''].some(isLoopback)).toBe(false);
  });
});

describe('benchAccess: the unauthenticated bench routes', () => {
  const token = 'b'.repeat(48);
  it('answer only when switched on and the run token is presented', () => {
    expect(benchAccess({ enabled: true, token, presented: token })).toBe(true);
    expect(benchAccess({ enabled: true, token, presented: `${token}x` })).toBe(false);
    expect(benchAccess({ enabled: true, token, presented: null })).toBe(false);
    expect(benchAccess({ enabled: true, token, presented: '' })).toBe(false);
    expect(benchAccess({ enabled: false, token, presented: token })).toBe(false);
    expect(benchAccess({ enabled: true, token: undefined, presented: '' })).toBe(false);
  });
});
