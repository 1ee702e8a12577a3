/**
 * Small timing helpers shared by benchmarks.
 *
 * Clocks: `wallSeconds` (performance.now) and `cpuSeconds` (user + system CPU time of this
 * process). Benchmarks measure in worker isolates while the main thread sleeps, so the process's
 * CPU time is the measured code's CPU time; unlike wall time it does not count time spent waiting
 * for a core, which on a shared machine (here: 2 cores, ~8 busy processes) is most of the noise.
 * On an idle machine the two agree.
 */
export type Clock = () => number;

export const wallSeconds: Clock = () => performance.now() / 1000;

export const cpuSeconds: Clock = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

/** Median of `xs` (mean of the middle two for even length). */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Seconds taken by `fn()`; its result is returned too so the work cannot be optimised away. */
export function time<T>(fn: () => T, clock: Clock = wallSeconds): { seconds: number; result: T } {
  const t0 = clock();
  const result = fn();
  return { seconds: clock() - t0, result };
}

/**
 * Runs `variants` in interleaved rounds (A B C, B C A, …) after `warmup` rounds and returns
 * each variant's per-round seconds, so drifting machine load hits every variant alike.
 */
export function interleaved(variants: Record<string, () => unknown>, rounds: number, warmup = 1, clock: Clock = wallSeconds): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  const names = Object.keys(variants);
  for (const n of names) out[n] = [];
  for (let w = 0; w < warmup; w++) for (const n of names) variants[n]();
  for (let r = 0; r < rounds; r++) {
    // Rotate the order each round so no variant always runs right after the same one.
    for (let i = 0; i < names.length; i++) {
      const n = names[(i + r) % names.length];
      out[n].push(time(variants[n], clock).seconds);
    }
  }
  return out;
}

/**
 * Like `interleaved` (one warm-up call each, then order-rotated rounds), but records both wall
 * seconds and process CPU seconds per call. CPU time excludes the time this process is
 * descheduled, which dominates wall time when other jobs share the two cores.
 */
export function interleavedWallCpu(variants: Record<string, () => unknown>, rounds: number): Record<string, { wall: number[]; cpu: number[] }> {
  const names = Object.keys(variants);
  const out: Record<string, { wall: number[]; cpu: number[] }> = {};
  for (const n of names) {
    out[n] = { wall: [], cpu: [] };
    variants[n]();
  }
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < names.length; i++) {
      const n = names[(i + r) % names.length];
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      variants[n]();
      const wall = (performance.now() - t0) / 1000;
      const c = process.cpuUsage(c0);
      out[n].wall.push(wall);
      out[n].cpu.push((c.user + c.system) / 1e6);
    }
  }
  return out;
}

/** Plain-text table with right-aligned columns after the first. */
export function table(header: string[], rows: (string | number)[][]): string {
  const cells = [header, ...rows.map((r) => r.map(String))];
  const widths = header.map((_, c) => Math.max(...cells.map((r) => (r[c] ?? '').length)));
  const fmt = (r: string[]) => r.map((v, c) => (c === 0 ? v.padEnd(widths[c]) : v.padStart(widths[c]))).join('  ');
  return [fmt(cells[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(fmt)].join('\n');
}
