import { describe, expect, it } from 'vitest';
import { parseRedisMemoryInfo } from '../../src/system/metrics_queries';

const INFO = [
  '# Memory',
  'used_memory:1338736',
  'used_memory_human:1.28M',
  'used_memory_rss:7405568',
  'used_memory_peak:2338736',
  'maxmemory:268435456',
  'maxmemory_human:256.00M',
  '',
].join('\r\n');

describe('parseRedisMemoryInfo', () => {
  it('reads used_memory and maxmemory (CRLF lines), not their _human or _rss/_peak siblings', () => {
    expect(parseRedisMemoryInfo(INFO)).toEqual({ usedBytes: 1338736, maxBytes: 268435456 });
  });

  it('reports no limit as 0 and refuses a reply without used_memory', () => {
    expect(parseRedisMemoryInfo('used_memory:42\nmaxmemory:0\n')).toEqual({ usedBytes: 42, maxBytes: 0 });
    expect(parseRedisMemoryInfo('used_memory:42\n')).toEqual({ usedBytes: 42, maxBytes: 0 });
    expect(() => parseRedisMemoryInfo('ERR unknown command')).toThrow(/used_memory/);
  });
});
