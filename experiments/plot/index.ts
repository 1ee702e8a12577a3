/**
 * SVG charts for run folders (Node and browser): vega-lite specs compiled and rendered
 * headless with vega's `renderer: 'none'` (no canvas package; text widths are estimated).
 * Every function returns a complete `<svg>` string; write it with `RunWriter.writeText`.
 *
 * - `lineChart`: learning curves, several series, optional 95% band per series
 *   (`meanCi95` turns per-seed curves into mean + band).
 * - `barChart`: grouped bars (group on x, series side by side), optional ± error bars.
 * - `ganttChart`: schedules, one row per machine, bars over [start, end) coloured by job,
 *   with optional labels.
 *
 * @example
 * const svg = await lineChart({ series: [{ name: 'dqn', x: [0, 1, 2], ...meanCi95(runs) }], yLabel: 'return' });
 */
import * as vega from 'vega';
import * as vl from 'vega-lite';
import type { TopLevelSpec } from 'vega-lite';
import { ConfigError } from '../../envs/core/errors.js';

export interface ChartFrame {
  title?: string;
  /** Plot area size in px (default 480 × 280). */
  width?: number;
  height?: number;
}

export interface LineSeries {
  name: string;
  x: readonly number[];
  y: readonly number[];
  /** Lower/upper edge of a band around `y` (e.g. a 95% confidence interval), same length as `x`. */
  lower?: readonly number[];
  upper?: readonly number[];
}

export interface LineChartOptions extends ChartFrame {
  series: readonly LineSeries[];
  xLabel?: string;
  yLabel?: string;
}

export interface Bar {
  /** Category on the x axis (e.g. environment). */
  group: string;
  /** Bar within the group (e.g. agent); coloured and listed in the legend. */
  series: string;
  value: number;
  /** Half-width of a symmetric error bar (value ± error). */
  error?: number;
}

export interface BarChartOptions extends ChartFrame {
  bars: readonly Bar[];
  xLabel?: string;
  yLabel?: string;
}

export interface GanttTask {
  machine: string;
  /** Start and end times, [start, end). */
  start: number;
  end: number;
  job: string;
  /** Text drawn on the bar (default none). */
  label?: string;
}

export interface GanttChartOptions extends ChartFrame {
  tasks: readonly GanttTask[];
  /** Colour per job (CSS colours); jobs without one get the category palette. */
  colors?: Record<string, string>;
  xLabel?: string;
}

/** Renders a vega-lite spec to an SVG string. */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(vl.compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

const frame = (o: ChartFrame) => ({
  ...(o.title === undefined ? {} : { title: o.title }),
  width: o.width ?? 480,
  height: o.height ?? 280,
  background: 'white',
});

export async function lineChart(options: LineChartOptions): Promise<string> {
  const rows: Record<string, number | string | null>[] = [];
  let hasBand = false;
  for (const s of options.series) {
    for (const [field, arr] of [['y', s.y], ['lower', s.lower], ['upper', s.upper]] as const) {
      if (arr !== undefined && arr.length !== s.x.length) {
        throw new ConfigError(`series["${s.name}"].${field}`, arr.length, `length must equal x's length ${s.x.length}`);
      }
    }
    if (s.lower !== undefined && s.upper !== undefined) hasBand = true;
    for (let i = 0; i < s.x.length; i++) {
      rows.push({ series: s.name, x: s.x[i], y: finite(s.y[i]), lower: finite(s.lower?.[i]), upper: finite(s.upper?.[i]) });
    }
  }
  const x = { field: 'x', type: 'quantitative', title: options.xLabel ?? 'step' } as const;
  const color = { field: 'series', type: 'nominal', title: null, sort: options.series.map((s) => s.name) } as const;
  const line = { mark: { type: 'line', strokeWidth: 2 }, encoding: { x, y: { field: 'y', type: 'quantitative', title: options.yLabel ?? 'value', scale: { zero: false } }, color } } as const;
  const band = {
    transform: [{ filter: 'isValid(datum.lower) && isValid(datum.upper)' }],
    mark: { type: 'area', opacity: 0.2 },
    encoding: { x, y: { field: 'lower', type: 'quantitative' }, y2: { field: 'upper' }, color },
  } as const;
  const spec = { ...frame(options), data: { values: rows }, layer: hasBand ? [band, line] : [line] } as TopLevelSpec;
  return renderSvg(spec);
}

export async function barChart(options: BarChartOptions): Promise<string> {
  const rows = options.bars.map((b) => ({
    group: b.group,
    series: b.series,
    value: b.value,
    lo: b.error === undefined ? null : b.value - b.error,
    hi: b.error === undefined ? null : b.value + b.error,
  }));
  const groups = [...new Set(options.bars.map((b) => b.group))];
  const series = [...new Set(options.bars.map((b) => b.series))];
  const x = { field: 'group', type: 'nominal', title: options.xLabel ?? null, sort: groups, axis: { labelAngle: 0 } } as const;
  const xOffset = { field: 'series', type: 'nominal', sort: series } as const;
  const color = { field: 'series', type: 'nominal', title: null, sort: series } as const;
  const bars = { mark: { type: 'bar' }, encoding: { x, xOffset, y: { field: 'value', type: 'quantitative', title: options.yLabel ?? 'value' }, color } } as const;
  const errors = {
    transform: [{ filter: 'isValid(datum.lo)' }],
    mark: { type: 'rule', color: 'black' },
    encoding: { x, xOffset, y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' } },
  } as const;
  const hasErrors = options.bars.some((b) => b.error !== undefined);
  const spec = { ...frame(options), data: { values: rows }, layer: hasErrors ? [bars, errors] : [bars] } as TopLevelSpec;
  return renderSvg(spec);
}

export async function ganttChart(options: GanttChartOptions): Promise<string> {
  for (const [i, t] of options.tasks.entries()) {
    if (!(t.end >= t.start)) throw new ConfigError(`tasks[${i}]`, { start: t.start, end: t.end }, 'end must be ≥ start');
  }
  const rows = options.tasks.map((t) => ({ ...t, label: t.label ?? '', mid: (t.start + t.end) / 2 }));
  const machines = [...new Set(options.tasks.map((t) => t.machine))];
  const jobs = [...new Set(options.tasks.map((t) => t.job))];
  const y = { field: 'machine', type: 'nominal', title: null, sort: machines } as const;
  const palette = ['#4c78a8', '#f58518', '#e45756', '#72b7b2', '#54a24b', '#eeca3b', '#b279a2', '#ff9da6', '#9d755d', '#bab0ac'];
  const scale = { domain: jobs, range: jobs.map((j, i) => options.colors?.[j] ?? palette[i % palette.length]) };
  const bars = {
    mark: { type: 'bar', stroke: 'white', strokeWidth: 0.5 },
    encoding: { y, x: { field: 'start', type: 'quantitative', title: options.xLabel ?? 'time' }, x2: { field: 'end' }, color: { field: 'job', type: 'nominal', title: 'job', scale } },
  } as const;
  const labels = {
    transform: [{ filter: "datum.label !== ''" }],
    mark: { type: 'text', fontSize: 10, color: 'white' },
    encoding: { y, x: { field: 'mid', type: 'quantitative' }, text: { field: 'label' } },
  } as const;
  const height = options.height ?? Math.max(60, 28 * machines.length);
  const spec = { ...frame({ ...options, height }), data: { values: rows }, layer: [bars, labels] } as TopLevelSpec;
  return renderSvg(spec);
}

/** Two-sided 97.5% Student-t quantiles for 1…30 degrees of freedom. */
const T975 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042];

/**
 * Mean curve and 95% confidence band over runs (e.g. seeds): mean ± t(0.975, n−1)·s/√n with s the
 * sample std (n−1); the normal 1.96 beyond 30 runs. One run gives a band of zero width.
 * `runs[r][i]` is run r at point i; runs must have equal length.
 */
export function meanCi95(runs: readonly (readonly number[])[]): { y: number[]; lower: number[]; upper: number[] } {
  if (runs.length === 0) throw new ConfigError('runs', 0, 'need at least one run');
  const n = runs.length;
  const len = runs[0].length;
  for (const [r, run] of runs.entries()) if (run.length !== len) throw new ConfigError(`runs[${r}]`, run.length, `every run needs ${len} points`);
  const t = n === 1 ? 0 : n - 1 <= 30 ? T975[n - 2] : 1.96;
  const y: number[] = [];
  const lower: number[] = [];
  const upper: number[] = [];
  for (let i = 0; i < len; i++) {
    let sum = 0;
    for (const run of runs) sum += run[i];
    const mean = sum / n;
    let sq = 0;
    for (const run of runs) sq += (run[i] - mean) ** 2;
    const half = n === 1 ? 0 : (t * Math.sqrt(sq / (n - 1))) / Math.sqrt(n);
    y.push(mean);
    lower.push(mean - half);
    upper.push(mean + half);
  }
  return { y, lower, upper };
}

function finite(v: number | undefined): number | null {
  return v === undefined || !Number.isFinite(v) ? null : v;
}
