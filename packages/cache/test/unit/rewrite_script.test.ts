import { describe, expect, it } from 'vitest';
import { rewriteScript } from '../../src/upstash_bridge';

describe('rewriteScript', () => {
  it('drops flags Redis 7.0 does not know, keeping line numbers', () => {
    const script = '#!lua flags=allow-key-locking\nreturn 1';
    expect(rewriteScript(script)).toBe('\nreturn 1');
  });
  it('keeps supported flags and names', () => {
    expect(rewriteScript('#!lua name=x flags=no-writes,allow-key-locking\nreturn 1')).toBe(
      '#!lua name=x flags=no-writes\nreturn 1',
    );
  });
  it('leaves plain scripts alone', () => {
    expect(rewriteScript('return redis.call("GET", KEYS[1])')).toBe('return redis.call("GET", KEYS[1])');
  });
});
