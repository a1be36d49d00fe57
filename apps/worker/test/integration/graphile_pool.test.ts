import { makeWorkerUtils } from 'graphile-worker';
import postgres from 'postgres';
import { describe, expect, it } from 'vitest';
import { TEST_PG_URL } from '../../../../tests/services';
import { graphileConnectionString } from '../../src/graphile_pool';

async function graphileSetting(url: string, name: string): Promise<string> {
  const utils = await makeWorkerUtils({ connectionString: url });
  try {
    return await utils.withPgClient(async (client) => {
      const { rows } = await client.query<{ setting: string }>('SELECT current_setting($1) AS setting', [name]);
      return rows[0]!.setting;
    });
  } finally {
    await utils.release();
  }
}

describe('graphile-worker pool connections', () => {
  it('commit job bookkeeping asynchronously, while the business pool stays synchronous', async () => {
    expect(await graphileSetting(graphileConnectionString(TEST_PG_URL), 'synchronous_commit')).toBe('off');
    expect(await graphileSetting(TEST_PG_URL, 'synchronous_commit')).toBe('on');
    const app = postgres(TEST_PG_URL, { max: 1 });
    try {
      const [row] = await app<{ setting: string }[]>`SELECT current_setting('synchronous_commit') AS setting`;
      expect(row!.setting).toBe('on');
    } finally {
      await app.end();
    }
  });

  it('keeps options already in the URL and the rest of it', async () => {
    const url = `${TEST_PG_URL}${TEST_PG_URL.includes('?') ? '&' : '?'}options=${encodeURIComponent('-c statement_timeout=12345')}&application_name=gw-test`;
    const combined = graphileConnectionString(url);
    expect(await graphileSetting(combined, 'synchronous_commit')).toBe('off');
    expect(await graphileSetting(combined, 'statement_timeout')).toBe('12345ms');
    expect(await graphileSetting(combined, 'application_name')).toBe('gw-test');
  });
});
