/**
 * Threshold ("band") rules on a z-score, the classic pairs baselines (Gatev et al. 2006;
 * Kim & Kim 2019's constant boundaries). One step of the rule is a pure function so the
 * agents, the env's grid action mode and the backtester share it.
 *
 * Rule, given the previous target q and the current z:
 * - flat: z > entry → −1 (short the spread); z < −entry → +1; else stay flat, except that after a
 *   stop-loss the rule waits until |z| < entry before it may enter again (`cooldown`);
 * - short: exit to flat when z ≤ exit, or stop out when z ≥ stop;
 * - long: exit when z ≥ −exit, or stop out when z ≤ −stop.
 * No flip within a bar (an exit and an entry never happen on the same bar).
 */

export interface BandParams {
  /** |z| that opens a position. */
  entry: number;
  /** z level that closes it (0 = mean crossing); short exits at z ≤ exit, long at z ≥ −exit. */
  exit: number;
  /** |z| that stops the position out (Infinity: no stop). */
  stop: number;
}

export interface BandState {
  q: number;
  /** True after a stop-out until |z| < entry. */
  cooldown: boolean;
}

/** One bar of the band rule. */
export function bandStep(state: BandState, z: number, p: BandParams): BandState {
  const { q } = state;
  if (q === 0) {
    if (state.cooldown) return { q: 0, cooldown: Math.abs(z) >= p.entry };
    if (z > p.entry) return { q: -1, cooldown: false };
    if (z < -p.entry) return { q: 1, cooldown: false };
    return state;
  }
  if (q < 0) {
    if (z >= p.stop) return { q: 0, cooldown: true };
    if (z <= p.exit) return { q: 0, cooldown: false };
    return state;
  }
  if (z <= -p.stop) return { q: 0, cooldown: true };
  if (z >= -p.exit) return { q: 0, cooldown: false };
  return state;
}

/** Targets of the band rule for bars `from..z.length−1` (0 before `from`). */
export function bandPositions(z: ArrayLike<number>, p: BandParams, from = 0): Int8Array {
  const q = new Int8Array(z.length);
  let s: BandState = { q: 0, cooldown: false };
  for (let t = from; t < z.length; t++) {
    s = bandStep(s, z[t], p);
    q[t] = s.q;
  }
  return q;
}
