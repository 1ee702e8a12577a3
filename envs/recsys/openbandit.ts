/**
 * A cascading instance built from the Open Bandit Dataset (Saito et al., arXiv:2008.07146;
 * ZOZOTOWN fashion recommendations, Apache-2.0). The spec proposes MovieLens, which we cannot
 * redistribute; this is the same construction on OBD (our design, documented here):
 *
 * - Rows: one impression of one item (`item_id`, `click`) with the user's item affinities
 *   (`user-item_affinity_<j>`: past clicks between user and item j). Every row is treated as an
 *   independent attraction observation; slot position bias is ignored.
 * - Items: the N items with the most clicks (ties: more impressions, then lower id).
 * - States ("recent history"): the category (`item_feature_2` by default, from item_context.csv) of
 *   the user's highest-affinity item, for the S−1 categories most common among the chosen items;
 *   state 0 is "cold" (no affinity, or another category).
 * - Attraction: q(s,a) = attractionScale · (clicks(s,a) + κ·ĉ(a)) / (impressions(s,a) + κ), clipped
 *   to 1, with the item's smoothed CTR ĉ(a) = (clicks(a) + κ·c̄) / (impressions(a) + κ) and the
 *   global CTR c̄. `attractionScale` (default 1) exists because real CTRs (≈ 0.5%) make learning
 *   curves very long; set it explicitly and report it.
 * - Reward r = 1 per click. Transitions: a click on item a moves to the state of a's category (cold
 *   when not a state); ⊥ returns to cold. s_1 ~ the empirical state frequency of the impressions.
 *
 * Parsers take file contents as strings (file access lives in experiments/).
 */
import { ConfigError, ParseError } from '../core/errors.js';
import { validateModel } from './cascade.js';
import type { CascadingModel } from './types.js';

/** The fields of one impression that the builder uses. */
export interface ObdImpression {
  item: number;
  click: 0 | 1;
  /** Item with the user's largest affinity, or -1 when every affinity is 0. */
  topAffinityItem: number;
}

function splitHeader(line: string): string[] {
  return line.split(',').map((c) => c.trim());
}

/** Parses an OBD log (`{policy}/{campaign}.csv`, already decompressed). */
export function parseObdLog(text: string, source = 'obd-log'): ObdImpression[] {
  const lines = text.split(/\r?\n/);
  const header = splitHeader(lines[0] ?? '');
  const itemCol = header.indexOf('item_id');
  const clickCol = header.indexOf('click');
  if (itemCol < 0 || clickCol < 0) throw new ParseError(source, 1, 'header must contain "item_id" and "click" columns');
  const aff: { col: number; item: number }[] = [];
  header.forEach((h, col) => {
    const m = /^user-item_affinity_(\d+)$/.exec(h);
    if (m) aff.push({ col, item: Number(m[1]) });
  });
  const out: ObdImpression[] = [];
  for (let i = 1; i < lines.length; i++) {
    if (lines[i].trim() === '') continue;
    const cells = lines[i].split(',');
    if (cells.length !== header.length) throw new ParseError(source, i + 1, `expected ${header.length} columns, got ${cells.length}`);
    const item = Number(cells[itemCol]);
    const click = Number(cells[clickCol]);
    if (!Number.isInteger(item) || item < 0) throw new ParseError(source, i + 1, `item_id ${JSON.stringify(cells[itemCol])} is not a non-negative integer`);
    if (click !== 0 && click !== 1) throw new ParseError(source, i + 1, `click ${JSON.stringify(cells[clickCol])} is not 0 or 1`);
    let top = -1;
    let best = 0;
    for (const { col, item: j } of aff) {
      const v = Number(cells[col]);
      if (!Number.isFinite(v)) throw new ParseError(source, i + 1, `affinity column ${header[col]} is not a number`);
      if (v > best) {
        best = v;
        top = j;
      }
    }
    out.push({ item, click: click as 0 | 1, topAffinityItem: top });
  }
  return out;
}

/** Parses item_context.csv into item id → category string of `feature` (e.g. `item_feature_2`). */
export function parseObdItemContext(text: string, feature = 'item_feature_2', source = 'item_context.csv'): Map<number, string> {
  const lines = text.split(/\r?\n/);
  const header = splitHeader(lines[0] ?? '');
  const itemCol = header.indexOf('item_id');
  const featCol = header.indexOf(feature);
  if (itemCol < 0) throw new ParseError(source, 1, 'header must contain "item_id"');
  if (featCol < 0) throw new ParseError(source, 1, `header has no column "${feature}" (columns: ${header.filter(Boolean).join(', ')})`);
  const out = new Map<number, string>();
  for (let i = 1; i < lines.length; i++) {
    if (lines[i].trim() === '') continue;
    const cells = lines[i].split(',');
    if (cells.length !== header.length) throw new ParseError(source, i + 1, `expected ${header.length} columns, got ${cells.length}`);
    const item = Number(cells[itemCol]);
    if (!Number.isInteger(item) || item < 0) throw new ParseError(source, i + 1, `item_id ${JSON.stringify(cells[itemCol])} is not a non-negative integer`);
    out.set(item, cells[featCol]);
  }
  return out;
}

export interface ObdCascadeOptions {
  /** Number of states S (cold + S−1 categories), ≥ 1. */
  S: number;
  /** Number of items N. */
  N: number;
  /** Maximum list length m. */
  m: number;
  /** Horizon H. */
  H: number;
  /** Lists of exactly m items. */
  exactLen?: boolean;
  /** Smoothing strength κ (pseudo-impressions), default 200. */
  smoothing?: number;
  /** Multiplier of every attraction probability (clipped to 1), default 1. */
  attractionScale?: number;
}

/** Builds the cascading model described in the module comment. */
export function openBanditCascade(rows: ObdImpression[], categories: Map<number, string>, options: ObdCascadeOptions): CascadingModel {
  const { S, N, m, H } = options;
  const kappa = options.smoothing ?? 200;
  const scale = options.attractionScale ?? 1;
  if (!(kappa > 0)) throw new ConfigError('smoothing', kappa, 'must be > 0');
  if (!(scale > 0)) throw new ConfigError('attractionScale', scale, 'must be > 0');
  if (rows.length === 0) throw new ConfigError('rows', 0, 'no impressions');
  const clicks = new Map<number, number>();
  const impressions = new Map<number, number>();
  let totalClicks = 0;
  for (const r of rows) {
    clicks.set(r.item, (clicks.get(r.item) ?? 0) + r.click);
    impressions.set(r.item, (impressions.get(r.item) ?? 0) + 1);
    totalClicks += r.click;
  }
  const ranked = [...impressions.keys()].sort((a, b) => (clicks.get(b) ?? 0) - (clicks.get(a) ?? 0) || impressions.get(b)! - impressions.get(a)! || a - b);
  if (!Number.isInteger(N) || N < 1 || N > ranked.length) throw new ConfigError('N', N, `must be an integer in [1, ${ranked.length}] (items in the data)`);
  const items = ranked.slice(0, N);
  for (const a of items) if (!categories.has(a)) throw new ConfigError('categories', a, 'item has no category in item_context');
  const catCount = new Map<string, number>();
  for (const a of items) catCount.set(categories.get(a)!, (catCount.get(categories.get(a)!) ?? 0) + 1);
  const kept = [...catCount.keys()].sort((x, y) => catCount.get(y)! - catCount.get(x)! || (x < y ? -1 : 1));
  if (!Number.isInteger(S) || S < 1 || S - 1 > kept.length) throw new ConfigError('S', S, `must be an integer in [1, ${kept.length + 1}] (categories among the ${N} items, plus cold)`);
  const stateOfCategory = new Map<string, number>(kept.slice(0, S - 1).map((c, i) => [c, i + 1]));
  const stateOfItem = (item: number): number => (item < 0 ? 0 : (stateOfCategory.get(categories.get(item) ?? '') ?? 0));

  const col = new Map<number, number>(items.map((a, i) => [a, i]));
  const cS = new Float64Array(S * N);
  const nS = new Float64Array(S * N);
  const stateFreq = new Float64Array(S);
  for (const r of rows) {
    const s = stateOfItem(r.topAffinityItem);
    stateFreq[s]++;
    const i = col.get(r.item);
    if (i === undefined) continue;
    cS[s * N + i] += r.click;
    nS[s * N + i]++;
  }
  const globalCtr = totalClicks / rows.length;
  const model: CascadingModel = {
    S,
    N,
    m,
    H,
    exactLen: options.exactLen ?? false,
    q: new Float64Array(S * N),
    r: new Float64Array(S * N).fill(1),
    p: new Float64Array(S * (N + 1) * S),
    init: new Float64Array(S),
    itemNames: items.map((a) => `item ${a}`),
    stateNames: ['cold', ...kept.slice(0, S - 1).map((c) => `category ${c.slice(0, 8)}`)],
  };
  items.forEach((a, i) => {
    const ctr = ((clicks.get(a) ?? 0) + kappa * globalCtr) / (impressions.get(a)! + kappa);
    for (let s = 0; s < S; s++) model.q[s * N + i] = Math.min(1, (scale * (cS[s * N + i] + kappa * ctr)) / (nS[s * N + i] + kappa));
  });
  for (let s = 0; s < S; s++) {
    items.forEach((a, i) => {
      model.p[(s * (N + 1) + i) * S + stateOfItem(a)] = 1;
    });
    model.p[(s * (N + 1) + N) * S] = 1;
    model.init[s] = stateFreq[s] / rows.length;
  }
  validateModel(model);
  return model;
}
