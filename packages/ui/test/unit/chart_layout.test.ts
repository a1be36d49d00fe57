import { describe, expect, it } from 'vitest';
import { axisMaxima, barLayout, everyNth } from '../../src/chart_layout';
import type { SeriesValues } from '../../src/chart_layout';

const bar = (key: string, values: (number | null)[], extra: Partial<SeriesValues> = {}): SeriesValues => ({ key, kind: 'bar', axis: 'left', values, ...extra });

describe('axisMaxima', () => {
  it('sums a stack per category and takes the highest sum', () => {
    const series = [bar('delivered', [3, 1, 0], { stack: 'day' }), bar('failed', [2, 7, 0], { stack: 'day' })];
    expect(axisMaxima(series, 3)).toEqual({ left: 8, right: 0 });
  });

  it('keeps grouped bars and lines apart, each on its own axis', () => {
    const series = [
      bar('previous', [5, 9]),
      bar('current', [6, 4]),
      { key: 'isps', kind: 'line' as const, axis: 'right' as const, values: [12, null] },
    ];
    expect(axisMaxima(series, 2)).toEqual({ left: 9, right: 12 });
  });

  it('ignores nulls, zeros and negatives; an empty chart reaches 0', () => {
    expect(axisMaxima([bar('a', [null, 0, -4])], 3)).toEqual({ left: 0, right: 0 });
    expect(axisMaxima([], 0)).toEqual({ left: 0, right: 0 });
  });

  it('stacks with the same id on different axes do not add up', () => {
    const series = [bar('a', [4], { stack: 's' }), bar('b', [5], { stack: 's', axis: 'right' })];
    expect(axisMaxima(series, 1)).toEqual({ left: 4, right: 5 });
  });
});

describe('barLayout', () => {
  const start = (i: number) => i * 100;

  it('piles a stack bottom to top in series order; only the top segment is marked', () => {
    const rects = barLayout([bar('a', [2, 0], { stack: 's' }), bar('b', [3, 5], { stack: 's' })], 2, start, 80, 20);
    expect(rects.map((r) => [r.key, r.index, r.from, r.to, r.top])).toEqual([
      ['a', 0, 0, 2, false],
      ['b', 0, 2, 5, true],
      ['b', 1, 0, 5, true],
    ]);
    // one group, 20 px (the cap), centred in the 80 px band
    expect(rects[0]).toMatchObject({ x: 30, width: 20 });
    expect(rects[2]).toMatchObject({ x: 130, width: 20 });
  });

  it('puts groups side by side with a gap, centred as a whole', () => {
    const rects = barLayout([bar('previous', [1]), bar('current', [1])], 1, start, 80, 22, 2);
    expect(rects.map((r) => [r.key, r.x, r.width])).toEqual([
      ['previous', 17, 22],
      ['current', 41, 22],
    ]);
  });

  it('narrows bars to fit a small band, never below a pixel', () => {
    const [r] = barLayout([bar('a', [1])], 1, start, 10, 18);
    expect(r!.width).toBe(10);
    const tiny = barLayout([bar('a', [1]), bar('b', [1]), bar('c', [1])], 1, start, 2, 18, 2);
    expect(tiny.every((t) => t.width === 1)).toBe(true);
  });

  it('draws nothing for lines, empty values or no categories', () => {
    expect(barLayout([{ key: 'l', kind: 'line', axis: 'left', values: [1] }], 1, start, 80, 18)).toEqual([]);
    expect(barLayout([bar('a', [null, 0])], 2, start, 80, 18)).toEqual([]);
    expect(barLayout([bar('a', [])], 0, start, 80, 18)).toEqual([]);
  });
});

describe('everyNth', () => {
  it('labels every k-th category so that at most `room` labels show, the first always', () => {
    const labelled = everyNth(30, 6);
    const shown = Array.from({ length: 30 }, (_, i) => i).filter(labelled);
    expect(shown).toEqual([0, 5, 10, 15, 20, 25]);
    expect(Array.from({ length: 4 }, (_, i) => i).filter(everyNth(4, 10))).toEqual([0, 1, 2, 3]);
    expect(everyNth(5, 0)(0)).toBe(true);
  });
});
