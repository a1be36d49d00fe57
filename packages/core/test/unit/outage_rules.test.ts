import { describe, expect, it } from 'vitest';
import { AppError, OUTAGE_STATUSES, outageDeclareInput, outageMapInput } from '@rrnet/contracts';
import {
  MIN_AREA_RADIUS_M,
  OUTAGE_NOTICE_QUEUE_TARGET,
  assertOutageTransition,
  convexHull,
  distanceMetres,
  outageArea,
  needsResolvedNotice,
  needsStartedNotice,
  noticeTime,
  outageDurationSeconds,
  outageNoticeRoom,
  outageSourcesOf,
  shouldProposeResolution,
  shouldSuspectOutage,
  unreachableMs,
} from '../../src/outages/outage_rules';

const at = (s: string) => new Date(s);
const now = at('2026-12-05T10:00:00Z');

describe('the outage state machine', () => {
  it('suspected → open or dismissed; open → resolved; resolved and dismissed are final', () => {
    expect(() => assertOutageTransition('suspected', 'open')).not.toThrow();
    expect(() => assertOutageTransition('suspected', 'dismissed')).not.toThrow();
    expect(() => assertOutageTransition('open', 'resolved')).not.toThrow();
    for (const to of OUTAGE_STATUSES) {
      expect(() => assertOutageTransition('resolved', to)).toThrow(AppError);
      expect(() => assertOutageTransition('dismissed', to)).toThrow(AppError);
    }
    expect(() => assertOutageTransition('open', 'dismissed')).toThrow(/open cannot become dismissed/);
    expect(() => assertOutageTransition('suspected', 'resolved')).toThrow(AppError);
  });

  it('names the sources of each target status', () => {
    expect(outageSourcesOf('open')).toEqual(['suspected']);
    expect(outageSourcesOf('resolved')).toEqual(['open']);
    expect(outageSourcesOf('suspected')).toEqual([]);
  });

  it('a declaration names exactly one of router and node', () => {
    const id = '6f1b3f8e-4b6e-4b8a-9a0c-3b7f2d9e1a11';
    expect(outageDeclareInput.safeParse({ title: 'Fiber cut', node_id: id }).success).toBe(true);
    expect(outageDeclareInput.safeParse({ title: 'Fiber cut', router_id: id }).success).toBe(true);
    expect(outageDeclareInput.safeParse({ title: 'Fiber cut' }).success).toBe(false);
    expect(outageDeclareInput.safeParse({ title: 'Fiber cut', router_id: id, node_id: id }).success).toBe(false);
  });
});

describe('detection', () => {
  const base = { status: 'offline' as const, lastSeenAt: at('2026-12-05T09:50:00Z'), watchedSince: at('2026-01-01T00:00:00Z'), hasActiveOutage: false };

  it('suspects after the ISP’s minutes unreachable, not before', () => {
    expect(unreachableMs(base, now)).toBe(10 * 60_000);
    expect(shouldSuspectOutage(base, now, 10)).toBe(true);
    expect(shouldSuspectOutage(base, now, 11)).toBe(false);
  });

  it('never for a router that answers, nor twice', () => {
    expect(shouldSuspectOutage({ ...base, status: 'online' }, now, 1)).toBe(false);
    expect(shouldSuspectOutage({ ...base, hasActiveOutage: true }, now, 1)).toBe(false);
  });

  it('a router never seen counts from when it was added', () => {
    expect(shouldSuspectOutage({ ...base, lastSeenAt: null, watchedSince: at('2026-12-05T09:55:00Z') }, now, 10)).toBe(false);
    expect(shouldSuspectOutage({ ...base, lastSeenAt: null, watchedSince: at('2026-12-05T09:45:00Z') }, now, 10)).toBe(true);
  });

  it('a router answering proposes resolution of an active outage, once', () => {
    expect(shouldProposeResolution('online', { status: 'open', resolutionProposedAt: null })).toBe(true);
    expect(shouldProposeResolution('online', { status: 'suspected', resolutionProposedAt: null })).toBe(true);
    expect(shouldProposeResolution('online', { status: 'open', resolutionProposedAt: now })).toBe(false);
    expect(shouldProposeResolution('online', { status: 'resolved', resolutionProposedAt: null })).toBe(false);
    expect(shouldProposeResolution('offline', { status: 'open', resolutionProposedAt: null })).toBe(false);
    expect(shouldProposeResolution('online', null)).toBe(false);
  });
});

describe('notices: once per customer across overlapping outages', () => {
  it('started: open outages only, not twice, not when another open outage covers the customer', () => {
    expect(needsStartedNotice({ outageStatus: 'open', alreadyNotified: false, inOtherOpenOutage: false })).toBe(true);
    expect(needsStartedNotice({ outageStatus: 'suspected', alreadyNotified: false, inOtherOpenOutage: false })).toBe(false);
    expect(needsStartedNotice({ outageStatus: 'open', alreadyNotified: true, inOtherOpenOutage: false })).toBe(false);
    expect(needsStartedNotice({ outageStatus: 'open', alreadyNotified: false, inOtherOpenOutage: true })).toBe(false);
  });

  it('resolved: once, and not while another open outage still covers the customer', () => {
    expect(needsResolvedNotice({ outageStatus: 'resolved', alreadyNotified: false, inOtherOpenOutage: false })).toBe(true);
    expect(needsResolvedNotice({ outageStatus: 'resolved', alreadyNotified: true, inOtherOpenOutage: false })).toBe(false);
    expect(needsResolvedNotice({ outageStatus: 'resolved', alreadyNotified: false, inOtherOpenOutage: true })).toBe(false);
    expect(needsResolvedNotice({ outageStatus: 'dismissed', alreadyNotified: false, inOtherOpenOutage: false })).toBe(false);
  });
});

describe('durations and times', () => {
  it('from start to end, or to now while going on', () => {
    expect(outageDurationSeconds(at('2026-12-05T08:00:00Z'), at('2026-12-05T09:30:00Z'), now)).toBe(5400);
    expect(outageDurationSeconds(at('2026-12-05T08:00:00Z'), null, now)).toBe(7200);
    expect(outageDurationSeconds(at('2026-12-05T11:00:00Z'), null, now)).toBe(0);
  });

  it('notice times in the ISP’s zone', () => {
    expect(noticeTime(at('2026-12-05T02:05:00Z'), 'Asia/Jakarta')).toBe('05/12/2026 09:05');
    expect(noticeTime(at('2026-12-05T17:30:00Z'), 'Asia/Jayapura')).toBe('06/12/2026 02:30');
  });
});

describe('the affected area on the map', () => {
  const p = (lng: number, lat: number) => ({ lng, lat });
  it('the convex hull keeps the corners, drops inner, repeated and collinear points', () => {
    const hull = convexHull([p(0, 0), p(2, 0), p(1, 0), p(2, 2), p(0, 2), p(1, 1), p(1, 1), p(0.5, 0.5)]);
    expect(hull).toHaveLength(4);
    expect(new Set(hull.map((q) => `${q.lng},${q.lat}`))).toEqual(new Set(['0,0', '2,0', '2,2', '0,2']));
  });

  it('one or two customers are a circle (no hull), at least MIN_AREA_RADIUS_M wide; none is no area', () => {
    expect(outageArea([])).toBeNull();
    const one = outageArea([p(106.8, -6.2)])!;
    expect(one).toEqual({ hull: [], center: p(106.8, -6.2), radius_m: MIN_AREA_RADIUS_M });
    const two = outageArea([p(106.8, -6.2), p(106.81, -6.2)])!;
    expect(two.hull).toEqual([]);
    expect(two.radius_m).toBeGreaterThan(distanceMetres(two.center, p(106.81, -6.2)));
  });

  it('the circle holds every corner of the hull', () => {
    const pts = [p(106.8, -6.2), p(106.82, -6.2), p(106.82, -6.19), p(106.8, -6.185), p(106.81, -6.195)];
    const area = outageArea(pts)!;
    expect(area.hull.length).toBe(4);
    for (const q of pts) expect(distanceMetres(area.center, q)).toBeLessThanOrEqual(area.radius_m);
    // ~1.1 km per 0.01 degree here
    expect(distanceMetres(p(106.8, -6.2), p(106.81, -6.2))).toBeGreaterThan(1_100);
    expect(distanceMetres(p(106.8, -6.2), p(106.81, -6.2))).toBeLessThan(1_110);
  });

  it('the map input takes all four bounds or none', () => {
    expect(outageMapInput.safeParse({}).success).toBe(true);
    expect(outageMapInput.safeParse({ min_lat: '-6.3', min_lng: '106.7', max_lat: '-6.1', max_lng: '106.9' }).success).toBe(true);
    expect(outageMapInput.safeParse({ min_lat: '-6.3' }).success).toBe(false);
    expect(outageMapInput.safeParse({ min_lat: -6, min_lng: 106, max_lat: -7, max_lng: 107 }).success).toBe(false);
  });
});

describe('outageNoticeRoom: owed notices released as the outbox empties', () => {
  it('tops the queue up to a minute of sending at 10/s, never beyond', () => {
    expect(OUTAGE_NOTICE_QUEUE_TARGET).toBe(600);
    expect(outageNoticeRoom(0)).toBe(600);
    expect(outageNoticeRoom(598)).toBe(2);
    expect(outageNoticeRoom(600)).toBe(0);
    expect(outageNoticeRoom(5000)).toBe(0);
    expect(outageNoticeRoom(-3)).toBe(600);
    expect(outageNoticeRoom(10, 50)).toBe(40);
  });
});
