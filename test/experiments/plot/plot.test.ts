import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../envs/core/errors.js';
import { barChart, ganttChart, lineChart, meanCi95 } from '../../../experiments/plot/index.js';

const count = (svg: string, re: RegExp) => (svg.match(new RegExp(re.source, 'g')) ?? []).length;
const itemLabels = (svg: string) => [...svg.matchAll(/aria-label="([^"]*)"/g)].map((m) => m[1]);

describe('meanCi95', () => {
  it('hand-worked: three runs → mean ± t(0.975, 2)·s/√3', () => {
    const { y, lower, upper } = meanCi95([[1, 0], [2, 0], [3, 0]]);
    expect(y).toEqual([2, 0]);
    const half = (4.303 * 1) / Math.sqrt(3); // s = 1
    expect(upper[0]).toBeCloseTo(2 + half, 12);
    expect(lower[0]).toBeCloseTo(2 - half, 12);
    expect(upper[1]).toBe(0);
    expect(meanCi95([[5, 6]])).toEqual({ y: [5, 6], lower: [5, 6], upper: [5, 6] });
    expect(() => meanCi95([[1], [1, 2]])).toThrow(ConfigError);
  });
});

describe('lineChart', () => {
  it('one line per series, a band only for series that have one, names in the legend', async () => {
    const svg = await lineChart({
      title: 'Learning curves',
      xLabel: 'env steps',
      yLabel: 'return',
      series: [
        { name: 'dqn-agent', x: [0, 1, 2], ...meanCi95([[1, 2, 3], [2, 3, 5]]) },
        { name: 'random-agent', x: [0, 1, 2], y: [1, 1, 1] },
        { name: 'third', x: [0, 1], y: [0, 2] },
      ],
    });
    expect(svg.startsWith('<svg')).toBe(true);
    expect(count(svg, /aria-roledescription="line mark"/)).toBe(3);
    expect(count(svg, /aria-roledescription="area mark"/)).toBe(1);
    for (const name of ['dqn-agent', 'random-agent', 'third', 'Learning curves', 'env steps', 'return']) expect(svg).toContain(`>${name}</text>`);
    expect(itemLabels(svg).some((l) => l.includes('series: dqn-agent') && l.includes('lower'))).toBe(true);
    expect(itemLabels(svg).some((l) => l.includes('series: random-agent') && l.includes('lower'))).toBe(false);
  });

  it('no band layer when no series has one; mismatched lengths are ConfigErrors', async () => {
    const svg = await lineChart({ series: [{ name: 'a', x: [0, 1], y: [1, 2] }] });
    expect(svg).not.toContain('area mark');
    await expect(lineChart({ series: [{ name: 'a', x: [0, 1], y: [1] }] })).rejects.toThrow(/series\["a"\]\.y/);
  });
});

describe('barChart', () => {
  it('one rect per bar, grouped, with error rules only where given', async () => {
    const svg = await barChart({
      title: 'Mean return',
      bars: [
        { group: 'CartPole-v1', series: 'random', value: 22, error: 3 },
        { group: 'CartPole-v1', series: 'heuristic', value: 42, error: 5 },
        { group: 'Paging-v0', series: 'random', value: -10 },
      ],
    });
    const labels = itemLabels(svg);
    const rects = labels.filter((l) => /value: /.test(l) && /series: /.test(l));
    expect(rects).toEqual(['group: CartPole-v1; value: 22; series: random', 'group: CartPole-v1; value: 42; series: heuristic', 'group: Paging-v0; value: −10; series: random']);
    const rules = labels.filter((l) => l.includes('lo: '));
    expect(rules).toEqual(['group: CartPole-v1; lo: 19; hi: 25; series: random', 'group: CartPole-v1; lo: 37; hi: 47; series: heuristic']);
    expect(svg).toContain('mark-rect role-mark');
    expect(svg).toContain('mark-rule role-mark');
    for (const t of ['random', 'heuristic', 'CartPole-v1', 'Paging-v0', 'Mean return']) expect(svg).toContain(`>${t}</text>`);
  });
});

describe('ganttChart', () => {
  it('rows = machines, one bar per task, labels and job colours', async () => {
    const svg = await ganttChart({
      title: 'Schedule',
      tasks: [
        { machine: 'M1', start: 0, end: 3, job: 'J1', label: 'op1' },
        { machine: 'M1', start: 3, end: 5, job: 'J2', label: 'op2' },
        { machine: 'M2', start: 0, end: 2, job: 'J2' },
      ],
      colors: { J1: '#123456' },
    });
    const bars = itemLabels(svg).filter((l) => l.includes('machine: '));
    expect(bars.length).toBe(5); // 3 bars + 2 labels
    expect(bars.filter((l) => l.includes('job: ')).length).toBe(3);
    expect(svg).toContain('>op1</text>');
    expect(svg).toContain('>op2</text>');
    expect(svg).toContain('#123456');
    expect(svg).toContain('>M1</text>');
    expect(svg).toContain('>M2</text>');
    await expect(ganttChart({ tasks: [{ machine: 'M', start: 2, end: 1, job: 'J' }] })).rejects.toThrow(ConfigError);
  });
});
