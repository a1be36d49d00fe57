/**
 * The arithmetic behind `Chart` (no React, no DOM, unit tested): how high each value axis
 * must reach, and where every bar goes in its category's band. Bars of one `stack` pile up
 * bottom to top in series order; each stack (and each bar without one) is a group, and the
 * groups stand side by side in the band, at most `maxBarWidth` wide each, centred.
 */

export type ChartAxisSide = 'left' | 'right';

export interface SeriesValues {
  key: string;
  kind: 'bar' | 'line';
  axis: ChartAxisSide;
  stack?: string | undefined;
  /** one value per category; null: no value (a gap in a line, no bar) */
  values: readonly (number | null)[];
}

/** The highest value each axis has to show (stacks summed per category); 0 when an axis has nothing. */
export function axisMaxima(series: readonly SeriesValues[], categories: number): Record<ChartAxisSide, number> {
  const max: Record<ChartAxisSide, number> = { left: 0, right: 0 };
  const stacked = new Map<string, number[]>();
  for (const s of series) {
    for (let i = 0; i < categories; i++) {
      const v = s.values[i] ?? null;
      if (v === null || v <= 0) continue;
      if (s.kind === 'bar' && s.stack !== undefined) {
        const id = `${s.axis}:${s.stack}`;
        const sums = stacked.get(id) ?? new Array<number>(categories).fill(0);
        sums[i] = (sums[i] ?? 0) + v;
        stacked.set(id, sums);
        max[s.axis] = Math.max(max[s.axis], sums[i] ?? 0);
      } else {
        max[s.axis] = Math.max(max[s.axis], v);
      }
    }
  }
  return max;
}

export interface BarRect {
  key: string;
  /** category index */
  index: number;
  axis: ChartAxisSide;
  /** horizontal position and width in pixels, from the band's start */
  x: number;
  width: number;
  /** bottom and top in data units */
  from: number;
  to: number;
  /** the topmost drawn segment of its group (gets the rounded corners) */
  top: boolean;
}

/**
 * Every bar of every category. `bandStart(i)` and `bandWidth` come from the band scale;
 * `gap` is the space between groups in one band.
 */
export function barLayout(
  series: readonly SeriesValues[],
  categories: number,
  bandStart: (index: number) => number,
  bandWidth: number,
  maxBarWidth: number,
  gap = 2,
): BarRect[] {
  const bars = series.filter((s) => s.kind === 'bar');
  const groups: string[] = [];
  for (const s of bars) {
    const id = s.stack === undefined ? `series:${s.key}` : `stack:${s.axis}:${s.stack}`;
    if (!groups.includes(id)) groups.push(id);
  }
  if (groups.length === 0 || categories === 0) return [];
  const width = Math.max(1, Math.min(maxBarWidth, (bandWidth - gap * (groups.length - 1)) / groups.length));
  const total = width * groups.length + gap * (groups.length - 1);
  const rects: BarRect[] = [];
  for (let i = 0; i < categories; i++) {
    const offset = bandStart(i) + (bandWidth - total) / 2;
    const heights = new Map<string, number>();
    const last = new Map<string, BarRect>();
    for (const s of bars) {
      const v = s.values[i] ?? null;
      if (v === null || v <= 0) continue;
      const id = s.stack === undefined ? `series:${s.key}` : `stack:${s.axis}:${s.stack}`;
      const from = heights.get(id) ?? 0;
      const rect: BarRect = { key: s.key, index: i, axis: s.axis, x: offset + groups.indexOf(id) * (width + gap), width, from, to: from + v, top: false };
      heights.set(id, rect.to);
      last.set(id, rect);
      rects.push(rect);
    }
    for (const rect of last.values()) rect.top = true;
  }
  return rects;
}

/** Which of `count` categories carry a tick label when at most `room` fit: every k-th, the first always. */
export function everyNth(count: number, room: number): (index: number) => boolean {
  const step = Math.max(1, Math.ceil(count / Math.max(1, room)));
  return (index) => index % step === 0;
}
