/**
 * `cascading` benchmark: per-episode planning time of CascadingVI (BestPerm over items,
 * O(H·S·N·(S + log N + m))) against AdaptRM (every list an atomic action, O(H·S·|𝒜|·S)) on
 * SynthCascade with S = 9, m = 3, H = 5, for N = 4, 8, 16 (`--quick`: 4, 8). Statistics are warmed
 * first so every (state, item) and (state, list) pair has data (no unvisited shortcut). Each
 * learner's `onEpisodeStart` (the whole backward pass) runs in interleaved rounds; medians.
 *
 * JSON: `{ cases: { N: { lists, cascadingViMs, adaptRmMs } }, ratios: { "8/4": { CascadingVI,
 * AdaptRM, lists }, "16/8": … } }` (the spec's scaling check: CascadingVI ~ N, AdaptRM ~ |𝒜| ~ N^m).
 */
import type { JsonObject } from '../../envs/core/json.js';
import { actionCount } from '../../envs/recsys/cascade.js';
import { synthCascade } from '../../envs/recsys/generator.js';
import { AdaptRM } from '../../algorithms/cascading/adapt.js';
import { CascadingVI } from '../../algorithms/cascading/cascading-vi.js';
import { problemInfo } from '../../algorithms/cascading/common.js';
import type { Benchmark, BenchContext } from '../types.js';
import { interleaved, median, table } from './timing.js';

function warmed(N: number): { vi: CascadingVI; adapt: AdaptRM } {
  const model = synthCascade({ S: 9, N, m: 3, H: 5, seed: `bench-${N}` });
  const info = problemInfo(model);
  const vi = new CascadingVI(info, { bonusScale: 0.1 });
  const adapt = new AdaptRM(info, { bonusScale: 0.1 });
  for (let s = 0; s < 9; s++) {
    for (let a = 0; a <= N; a++) {
      const clickPos = a < N ? 0 : -1;
      vi.stats.update(a < N ? [a] : [0], { state: s, clickPos, item: a, examined: 1, reward: 0.5, nextState: (s + a) % 9 });
    }
    for (let A = 0; A < adapt.stats.numActions; A++) adapt.stats.update(s, A, (A % 3) / 2, (s + A) % 9);
  }
  return { vi, adapt };
}

const bench: Benchmark = {
  name: 'cascading',
  description: 'CascadingVI vs AdaptRM per-episode planning time against N (S = 9, m = 3, H = 5)',
  async run(ctx: BenchContext): Promise<JsonObject> {
    const sizes = ctx.quick ? [4, 8] : [4, 8, 16];
    const rounds = ctx.quick ? 3 : 7;
    const cases: JsonObject = {};
    const ms: Record<number, { vi: number; adapt: number }> = {};
    const rows: (string | number)[][] = [];
    for (const N of sizes) {
      const { vi, adapt } = warmed(N);
      const reps = { vi: 200, adapt: Math.max(2, Math.round(20_000 / actionCount(N, 3))) };
      const t = interleaved(
        {
          vi: () => {
            for (let i = 0; i < reps.vi; i++) vi.onEpisodeStart();
          },
          adapt: () => {
            for (let i = 0; i < reps.adapt; i++) adapt.onEpisodeStart();
          },
        },
        rounds,
      );
      ms[N] = { vi: (median(t.vi) * 1000) / reps.vi, adapt: (median(t.adapt) * 1000) / reps.adapt };
      cases[String(N)] = { lists: actionCount(N, 3), cascadingViMs: ms[N].vi, adaptRmMs: ms[N].adapt };
      rows.push([N, actionCount(N, 3), ms[N].vi.toFixed(4), ms[N].adapt.toFixed(3)]);
    }
    ctx.log(table(['N', 'lists', 'CascadingVI ms/episode', 'AdaptRM ms/episode'], rows));
    const ratios: JsonObject = {};
    for (let i = 1; i < sizes.length; i++) {
      const [a, b] = [sizes[i - 1], sizes[i]];
      ratios[`${b}/${a}`] = { CascadingVI: ms[b].vi / ms[a].vi, AdaptRM: ms[b].adapt / ms[a].adapt, lists: actionCount(b, 3) / actionCount(a, 3) };
      ctx.log(`N ${a} → ${b}: CascadingVI ×${(ms[b].vi / ms[a].vi).toFixed(2)}, AdaptRM ×${(ms[b].adapt / ms[a].adapt).toFixed(2)} (lists ×${(actionCount(b, 3) / actionCount(a, 3)).toFixed(2)})`);
    }
    return { cases, ratios };
  },
};

export default bench;
