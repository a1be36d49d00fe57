'use client';
/**
 * Chart: bars (grouped or stacked) and lines over categories, on one or two value axes,
 * drawn as SVG with visx (scales, shapes, axes and tooltip from @visx/*; ~26 KB compressed
 * where Recharts cost ~120 KB). The width follows the container; colours are CSS
 * variables, so the theme applies. Hovering or touching a category shows its values in a
 * tooltip; an optional legend follows the plot. Import it only from components loaded
 * lazily (`next/dynamic`), so pages without a chart never carry it.
 *
 * Callers keep their own visually hidden list of the numbers for screen readers; the SVG
 * itself is presentational (aria-hidden).
 */
import { AxisBottom, AxisLeft, AxisRight } from '@visx/axis';
import { GridRows } from '@visx/grid';
import { Group } from '@visx/group';
import { scaleBand, scaleLinear } from '@visx/scale';
import { Bar, BarRounded, LinePath } from '@visx/shape';
import { TooltipWithBounds, useTooltip } from '@visx/tooltip';
import { useCallback, useState } from 'react';
import type { ReactNode } from 'react';
import { axisMaxima, barLayout } from './chart_layout';
import type { ChartAxisSide } from './chart_layout';
import { cn } from './cn';

export interface ChartSeries<Row> {
  key: string;
  /** the name in the tooltip and the legend */
  label: string;
  kind: 'bar' | 'line';
  /** any CSS colour, e.g. `var(--chart-2)` */
  color: string;
  value: (row: Row) => number | null;
  axis?: ChartAxisSide;
  /** bars with the same stack id pile up */
  stack?: string;
  opacity?: number;
  /** the value as the tooltip shows it (default: the axis' format) */
  format?: (value: number) => string;
  /** draw a dot at every point of a line */
  dots?: boolean;
}

export interface ChartAxis {
  width: number;
  format?: (value: number) => string;
  /** whole numbers only (counts) */
  integer?: boolean;
  /** the axis reaches at least this (e.g. 100 for percentages) */
  max?: number;
}

export interface ChartProps<Row> {
  data: readonly Row[];
  /** a unique key per row; rows are drawn in order */
  category: (row: Row) => string;
  /** the label under the axis for a row, or null for none */
  tick?: (row: Row, index: number) => string | null;
  /** the tooltip's heading for a row */
  title?: (row: Row) => ReactNode;
  series: readonly ChartSeries<Row>[];
  height: number;
  left: ChartAxis;
  right?: ChartAxis;
  hideXAxis?: boolean;
  legend?: boolean;
  maxBarWidth?: number;
  fontSize?: number;
  className?: string;
}

const MARGIN = { top: 8, right: 8, bottom: 24 };

/**
 * The box's width, read before the first paint and followed with a ResizeObserver, every
 * change applied at once. (@visx/responsive's hook debounces, and a chart mounted while
 * its card was still being laid out stayed drawn at the transient width until the trailing
 * call; ten lines here avoid the dependency and its ResizeObserver polyfill.)
 */
function useWidth(): [(node: HTMLDivElement | null) => () => void, number] {
  const [width, setWidth] = useState(0);
  // a ref callback runs in the commit phase, like a layout effect; React 19 calls its cleanup
  const ref = useCallback((node: HTMLDivElement | null) => {
    if (node) setWidth(node.getBoundingClientRect().width);
    const observer = new ResizeObserver(([entry]) => setWidth(entry?.contentRect.width ?? 0));
    if (node) observer.observe(node);
    return () => observer.disconnect();
  }, []);
  return [ref, width];
}

export function Chart<Row>({ data, category, tick, title, series, height, left, right, hideXAxis, legend, maxBarWidth = 18, fontSize = 12, className }: ChartProps<Row>) {
  const [parentRef, width] = useWidth();
  const tooltip = useTooltip<number>();
  const keys = data.map(category);
  const side = (s: ChartSeries<Row>): ChartAxisSide => s.axis ?? 'left';
  const values = series.map((s) => ({ key: s.key, kind: s.kind, axis: side(s), stack: s.stack, values: data.map((row) => s.value(row)) }));
  const maxima = axisMaxima(values, data.length);
  const bottom = hideXAxis ? 4 : MARGIN.bottom;
  const innerWidth = Math.max(0, width - left.width - (right?.width ?? MARGIN.right));
  const innerHeight = Math.max(0, height - MARGIN.top - bottom);
  const x = scaleBand<string>({ domain: keys, range: [0, innerWidth], padding: 0.2 });
  const yScale = (axis: ChartAxis | undefined, max: number) =>
    scaleLinear<number>({ domain: [0, Math.max(axis?.max ?? 0, max, axis?.integer ? 4 : 0) || 1], range: [innerHeight, 0], nice: true });
  const y = { left: yScale(left, maxima.left), right: yScale(right, maxima.right) };
  const ticks = (axis: ChartAxis, side: ChartAxisSide) => {
    const all = y[side].ticks(5);
    return axis.integer ? all.filter((v) => Number.isInteger(v)) : all;
  };
  const center = (i: number) => (x(keys[i] ?? '') ?? 0) + x.bandwidth() / 2;
  const rects = barLayout(values, data.length, (i) => x(keys[i] ?? '') ?? 0, x.bandwidth(), maxBarWidth);
  const step = x.step();
  /** where a category's whole slot (its band and half the padding on each side) starts */
  const slotStart = (key: string) => (x(key) ?? 0) - (step - x.bandwidth()) / 2;
  const labels = tick ? new Map(data.map((row, i) => [keys[i] ?? '', tick(row, i)] as const)) : null;
  const tickValues = labels ? keys.filter((k) => labels.get(k) !== null) : keys;
  const axisLabel = { fill: 'var(--muted-foreground)', fontSize, fontFamily: 'inherit' };
  const hovered = tooltip.tooltipOpen && tooltip.tooltipData !== undefined ? tooltip.tooltipData : null;
  const hoveredRow = hovered === null ? undefined : data[hovered];
  const show = (index: number, clientY: number, svg: SVGElement | null) => {
    const top = svg ? clientY - svg.getBoundingClientRect().top : innerHeight / 2;
    tooltip.showTooltip({ tooltipData: index, tooltipLeft: left.width + center(index), tooltipTop: top });
  };
  const shown = (s: ChartSeries<Row>, v: number) => (s.format ?? (s.axis === 'right' ? right?.format : left.format) ?? String)(v);

  return (
    <div className={cn('relative grid min-w-0 gap-2', className)} data-slot="chart">
      {/* the SVG is positioned absolutely, its box clips: its width follows the box, never the
          other way round (not even for the moment between a resize and the new width) */}
      <div ref={parentRef} className="relative w-full min-w-0 overflow-hidden" style={{ height }}>
        {width > 0 && (
          <svg width={width} height={height} className="absolute inset-0" aria-hidden data-slot="chart-svg" onPointerLeave={tooltip.hideTooltip}>
            <Group left={left.width} top={MARGIN.top}>
              <GridRows scale={y.left} width={innerWidth} tickValues={ticks(left, 'left')} stroke="var(--border)" />
              {hovered !== null && <rect x={slotStart(keys[hovered] ?? '')} y={0} width={step} height={innerHeight} fill="var(--muted)" opacity={0.6} />}
              {rects.map((r) => {
                const s = series.find((c) => c.key === r.key)!;
                const scale = y[r.axis];
                const top = scale(r.to);
                const h = Math.max(0, scale(r.from) - top);
                const props = { x: r.x, y: top, width: r.width, height: h, fill: s.color, fillOpacity: s.opacity ?? 1 };
                return r.top && h > 2 ? (
                  <BarRounded key={`${r.key}:${r.index}`} {...props} radius={Math.min(3, r.width / 2)} top data-slot="chart-bar" data-series={r.key} />
                ) : (
                  <Bar key={`${r.key}:${r.index}`} {...props} data-slot="chart-bar" data-series={r.key} />
                );
              })}
              {series
                .filter((s) => s.kind === 'line')
                .map((s) => {
                  const scale = y[side(s)];
                  const points = data.map((row, i) => ({ i, v: s.value(row) }));
                  return (
                    <g key={s.key} data-slot="chart-line" data-series={s.key}>
                      <LinePath data={points} x={(p) => center(p.i)} y={(p) => scale(p.v ?? 0)} defined={(p) => p.v !== null} stroke={s.color} strokeWidth={2} fill="none" />
                      {s.dots && points.map((p) => (p.v === null ? null : <circle key={p.i} cx={center(p.i)} cy={scale(p.v)} r={2.5} fill={s.color} />))}
                    </g>
                  );
                })}
              {!hideXAxis && (
                <AxisBottom
                  top={innerHeight}
                  scale={x}
                  tickValues={tickValues}
                  tickFormat={(k) => (labels ? (labels.get(k) ?? '') : k)}
                  hideTicks
                  stroke="var(--input)"
                  tickLabelProps={() => ({ ...axisLabel, textAnchor: 'middle', dy: '0.25em' })}
                />
              )}
              <AxisLeft scale={y.left} tickValues={ticks(left, 'left')} tickFormat={(v) => (left.format ?? String)(Number(v))} hideAxisLine hideTicks tickLabelProps={() => ({ ...axisLabel, textAnchor: 'end', dx: '-0.25em', dy: '0.33em' })} />
              {right && <AxisRight left={innerWidth} scale={y.right} tickValues={ticks(right, 'right')} tickFormat={(v) => (right.format ?? String)(Number(v))} hideAxisLine hideTicks tickLabelProps={() => ({ ...axisLabel, textAnchor: 'start', dx: '0.25em', dy: '0.33em' })} />}
              {/* one hit area per category, full height: hover or touch shows its values */}
              {keys.map((k, i) => (
                <rect
                  key={k}
                  x={slotStart(k)}
                  y={0}
                  width={step}
                  height={innerHeight}
                  fill="transparent"
                  onPointerMove={(e) => show(i, e.clientY, e.currentTarget.ownerSVGElement)}
                  onPointerDown={(e) => show(i, e.clientY, e.currentTarget.ownerSVGElement)}
                />
              ))}
            </Group>
          </svg>
        )}
      </div>
      {hovered !== null && hoveredRow !== undefined && (
        <TooltipWithBounds
          key={hovered}
          left={tooltip.tooltipLeft}
          top={tooltip.tooltipTop}
          unstyled
          applyPositionStyle
          className="pointer-events-none z-10 grid gap-1 rounded-md border bg-popover px-3 py-2 text-xs text-popover-foreground shadow-md"
          data-slot="chart-tooltip"
        >
          {title && <p className="m-0 font-medium">{title(hoveredRow)}</p>}
          {series.map((s) => {
            const v = s.value(hoveredRow);
            return v === null ? null : (
              <p key={s.key} className="m-0 flex items-center gap-1.5">
                <span className="inline-block size-2.5 rounded-sm" style={{ background: s.color, opacity: s.opacity ?? 1 }} aria-hidden />
                <span className="text-muted-foreground">{s.label}</span>
                <span className="ml-auto pl-3 font-medium tabular-nums">{shown(s, v)}</span>
              </p>
            );
          })}
        </TooltipWithBounds>
      )}
      {legend && (
        <ul className="m-0 flex list-none flex-wrap justify-center gap-x-4 gap-y-1 p-0 text-xs text-muted-foreground" data-slot="chart-legend">
          {series.map((s) => (
            <li key={s.key} className="flex items-center gap-1.5">
              <span className={cn('inline-block', s.kind === 'line' ? 'h-0.5 w-4' : 'size-2.5 rounded-sm')} style={{ background: s.color, opacity: s.opacity ?? 1 }} aria-hidden />
              {s.label}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
