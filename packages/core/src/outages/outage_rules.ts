/**
 * Outage rules (pure): the state machine's guard, when router_sync suspects an outage or
 * proposes its resolution, who is told (a customer is told once however many outages
 * overlap on them), durations and the resolution-time figure. The set-based statements
 * of outages.ts mirror needsStartedNotice / needsResolvedNotice; the integration tests
 * hold the two together.
 */
import { AppError, OUTAGE_TRANSITIONS, canOutageTransition, fieldMessage, serverMessage } from '@rrnet/contracts';
import type { OutageStatus } from '@rrnet/contracts';

export const DEFAULT_OUTAGE_DETECT_MINUTES = 10;

export function assertOutageTransition(from: OutageStatus, to: OutageStatus): void {
  if (!canOutageTransition(from, to)) {
    throw new AppError('CONFLICT', {
      message: serverMessage('outage_transition', { from, to }),
      details: { status: fieldMessage('outage_not_from', { from }), allowed: OUTAGE_TRANSITIONS[from].join(',') },
    });
  }
}

/** The statuses an outage may come from to reach `to` (for set-based updates). */
export function outageSourcesOf(to: OutageStatus): OutageStatus[] {
  return (Object.keys(OUTAGE_TRANSITIONS) as OutageStatus[]).filter((from) => canOutageTransition(from, to));
}

export interface RouterReachability {
  status: 'online' | 'offline';
  /** the last time the router answered (null: never) */
  lastSeenAt: Date | null;
  /** when RRNet started watching it (the router's creation): "unreachable since" for a router never seen */
  watchedSince: Date;
  /** a suspected or open outage already names this router */
  hasActiveOutage: boolean;
}

/** How long the router has been unreachable at `now` (0 when it answers). */
export function unreachableMs(r: RouterReachability, now: Date): number {
  if (r.status === 'online') return 0;
  return Math.max(0, now.getTime() - (r.lastSeenAt ?? r.watchedSince).getTime());
}

/** router_sync opens a suspected outage once the router has been unreachable for the ISP's N minutes, and only one. */
export function shouldSuspectOutage(r: RouterReachability, now: Date, thresholdMinutes: number): boolean {
  return !r.hasActiveOutage && unreachableMs(r, now) >= thresholdMinutes * 60_000;
}

/** The router answers again while an outage names it: staff are asked to resolve (suspected: dismiss), once. */
export function shouldProposeResolution(status: 'online' | 'offline', outage: { status: OutageStatus; resolutionProposedAt: Date | null } | null): boolean {
  return status === 'online' && outage !== null && (outage.status === 'open' || outage.status === 'suspected') && outage.resolutionProposedAt === null;
}

/**
 * The 'started' notice: only for an open (confirmed) outage, once per outage and customer,
 * and not when another open outage already covers the customer (they were told by it).
 */
export function needsStartedNotice(c: { outageStatus: OutageStatus; alreadyNotified: boolean; inOtherOpenOutage: boolean }): boolean {
  return c.outageStatus === 'open' && !c.alreadyNotified && !c.inOtherOpenOutage;
}

/**
 * How many queued messages the WhatsApp outbox may hold before the drain releases more
 * owed 'started' notices: a minute of sending at the 10/s limit. An outage of 20k
 * customers takes over half an hour to tell; releasing at the sending pace keeps the
 * declaration one statement and never sends a 'started' notice after the outage ended.
 */
export const OUTAGE_NOTICE_QUEUE_TARGET = 600;

/** Owed notices the drain may release now, with `queued` messages already waiting in the outbox. */
export function outageNoticeRoom(queued: number, target: number = OUTAGE_NOTICE_QUEUE_TARGET): number {
  return Math.max(0, target - Math.max(0, queued));
}

/**
 * The 'resolved' notice: when the outage is resolved, once, and only when no other open
 * outage still covers the customer (their service is not back yet; that one tells them).
 */
export function needsResolvedNotice(c: { outageStatus: OutageStatus; alreadyNotified: boolean; inOtherOpenOutage: boolean }): boolean {
  return c.outageStatus === 'resolved' && !c.alreadyNotified && !c.inOtherOpenOutage;
}

/** Seconds from start to resolution (or dismissal; still going: to `now`). */
export function outageDurationSeconds(startedAt: Date, endedAt: Date | null, now: Date): number {
  return Math.max(0, Math.round(((endedAt ?? now).getTime() - startedAt.getTime()) / 1000));
}

/** "DD/MM/YYYY HH:mm" in the ISP's timezone, as the notices show times. */
export function noticeTime(at: Date, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone, day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.day}/${parts.month}/${parts.year} ${parts.hour}:${parts.minute}`;
}

export interface LatLng {
  lat: number;
  lng: number;
}

/** Metres between two points (haversine on the mean Earth radius). */
export function distanceMetres(a: LatLng, b: LatLng): number {
  const rad = Math.PI / 180;
  const h = Math.sin(((b.lat - a.lat) * rad) / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(((b.lng - a.lng) * rad) / 2) ** 2;
  return 2 * 6_371_008.8 * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Convex hull (Andrew's monotone chain), counter-clockwise, without repeated or collinear points. */
export function convexHull(points: readonly LatLng[]): LatLng[] {
  const ps = [...new Map(points.map((p) => [`${p.lng},${p.lat}`, p])).values()].sort((a, b) => a.lng - b.lng || a.lat - b.lat);
  if (ps.length < 3) return ps;
  const cross = (o: LatLng, a: LatLng, b: LatLng) => (a.lng - o.lng) * (b.lat - o.lat) - (a.lat - o.lat) * (b.lng - o.lng);
  const half = (list: LatLng[]) => {
    const out: LatLng[] = [];
    for (const p of list) {
      while (out.length >= 2 && cross(out[out.length - 2]!, out[out.length - 1]!, p) <= 0) out.pop();
      out.push(p);
    }
    out.pop();
    return out;
  };
  return [...half(ps), ...half([...ps].reverse())];
}

/** Smallest circle the map draws around an area (one customer, or an ODP's few close together). */
export const MIN_AREA_RADIUS_M = 60;

/**
 * The area of an outage on the map, from its affected customers' locations (the edge
 * points of each row of the grid are enough: the hull of all of them is the same): the
 * hull's corners, and a circle around them centred on their mean, a margin wider.
 */
export function outageArea(points: readonly LatLng[]): { hull: LatLng[]; center: LatLng; radius_m: number } | null {
  if (points.length === 0) return null;
  const hull = convexHull(points);
  const center = { lat: hull.reduce((s, p) => s + p.lat, 0) / hull.length, lng: hull.reduce((s, p) => s + p.lng, 0) / hull.length };
  const furthest = Math.max(...hull.map((p) => distanceMetres(center, p)));
  return { hull: hull.length >= 3 ? hull : [], center, radius_m: Math.max(MIN_AREA_RADIUS_M, Math.round(furthest * 1.1 + 20)) };
}
