import { describe, expect, it } from 'vitest';
import { JOBS } from '@rrnet/jobs';
import { SCHEDULE, cronItems } from '../../src/crontab';

describe('the schedule', () => {
  it('parses, names only catalogued jobs once each, and hands each its payload', () => {
    const items = cronItems();
    expect(items).toHaveLength(SCHEDULE.length);
    expect(new Set(SCHEDULE.map((s) => s.job)).size).toBe(SCHEDULE.length);
    for (const s of SCHEDULE) expect(JOBS[s.job]).toBeDefined();
    const payloadOf = (job: string) => (items.find((i) => i.identifier === job)!.payload as { data: unknown }).data;
    // the daily rotation only rewraps onto the KMS's current KEK: new data keys stay on demand
    expect(payloadOf('key_rotation')).toEqual({ rotate_data_keys: false });
    expect(payloadOf('cleanup_jobs')).toEqual({});
  });
});
