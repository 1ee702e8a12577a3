/**
 * Price-file parsing and pair alignment. Strings (or UTF-8 bytes) in, typed arrays out; no file
 * access here (experiments read files), so this runs in browsers too.
 *
 * Shapes accepted by `parsePriceCsv`:
 * - A header row naming a time column — `timestamp`, `datetime`, `date`, `time`, `open_time`,
 *   `utc_time`, `unix`, or anything given as `timeCol` — and a price column — `adj_close`
 *   (`adj close`, `adjclose`), `close`, `cl`, `price`, `last`, `mid`, or `priceCol`. Names match
 *   case-insensitively after trimming quotes and spaces. Adjusted close wins over close when both
 *   exist (splits and dividends would otherwise show as jumps). A `date` column plus a separate
 *   `time` column holding `HH:MM[:SS]` are combined.
 * - Quotes: `bid`/`ask` (or `bid_close`/`ask_close`, or `bidCol`/`askCol`) are kept; with no
 *   price column the price is their mid.
 * - Headerless files: pass `columns` (names for every field, e.g. Lean's
 *   `time,open,high,low,close,volume`), or give `timeCol`/`priceCol` as 0-based indices.
 * - Time values, detected from the first data row (or `timeFormat`): ISO-8601 date or date-time
 *   (`T` or space; `Z`/`±hh:mm` offsets; no offset = UTC), `yyyymmdd` (8 digits, 1900–2199), epoch
 *   seconds (a number < 1e11) or milliseconds (≥ 1e11). `timeOffsetMs` is added to every time
 *   (Lean minute files store ms since midnight of the file's date).
 * - Delimiter: comma, semicolon or tab (from the first line). A UTF-8 byte-order mark is ignored.
 *
 * Errors: every bad row is a `ParseError(source, line, reason)` with the 1-based line number —
 * a wrong field count, an unparsable time, a missing/non-finite/non-positive price, bid > ask,
 * or a timestamp not strictly after the previous one. Blank lines are skipped.
 */
import { ConfigError, ParseError } from '../core/errors.js';
import type { AlignedPair, PriceSeries } from './types.js';

export type TimeFormat = 'auto' | 'iso' | 'yyyymmdd' | 'epoch-s' | 'epoch-ms';

export interface PriceCsvOptions {
  /** Name used in error messages (the file name). Default "csv". */
  source?: string;
  /** Time column: header name or 0-based index. Default: detected. */
  timeCol?: string | number;
  /** Price column: header name or 0-based index. Default: detected. */
  priceCol?: string | number;
  /** Bid / ask columns (name or index). Default: detected (`bid`, `ask`, `bid_close`, `ask_close`). */
  bidCol?: string | number;
  askCol?: string | number;
  /** Names of the columns of a headerless file (then the first line is data). */
  columns?: readonly string[];
  /** How to read the time column. Default 'auto'. */
  timeFormat?: TimeFormat;
  /** Added to every timestamp, ms. Default 0. */
  timeOffsetMs?: number;
}

const TIME_NAMES = ['timestamp', 'datetime', 'date', 'time', 'open_time', 'utc_time', 'unix'];
const PRICE_NAMES = ['adj_close', 'adj close', 'adjclose', 'close', 'cl', 'price', 'last', 'mid'];
const BID_NAMES = ['bid', 'bid_close'];
const ASK_NAMES = ['ask', 'ask_close'];

/** Parses one price file. */
export function parsePriceCsv(input: string | Uint8Array, options: PriceCsvOptions = {}): PriceSeries {
  const source = options.source ?? 'csv';
  const text = (typeof input === 'string' ? input : new TextDecoder('utf-8').decode(input)).replace(/^\uFEFF/, '');
  const lines = text.split(/\r\n|\n|\r/);
  let first = 0;
  while (first < lines.length && lines[first].trim() === '') first++;
  if (first === lines.length) throw new ParseError(source, 1, 'the file is empty');
  const delimiter = detectDelimiter(lines[first]);
  const split = (line: string) => line.split(delimiter).map((f) => f.trim().replace(/^"(.*)"$/, '$1').trim());

  let names: string[];
  let dataStart: number;
  if (options.columns !== undefined) {
    names = options.columns.map((c) => c.trim().toLowerCase());
    dataStart = first;
  } else {
    const fields = split(lines[first]);
    const looksNumeric = fields.every((f) => f !== '' && Number.isFinite(Number(f)));
    if (looksNumeric) {
      if (typeof options.timeCol !== 'number' || typeof options.priceCol !== 'number') {
        throw new ParseError(source, first + 1, 'no header row: pass `columns` (names of every field) or numeric `timeCol` and `priceCol`');
      }
      names = fields.map((_, i) => `col${i}`);
      dataStart = first;
    } else {
      names = fields.map((f) => f.toLowerCase());
      dataStart = first + 1;
    }
  }
  const headerLine = dataStart === first ? 0 : first + 1;
  const findCol = (field: string, given: string | number | undefined, candidates: readonly string[], required: boolean): number => {
    if (typeof given === 'number') {
      if (!Number.isInteger(given) || given < 0 || given >= names.length) throw new ConfigError(field, given, `column index out of range 0..${names.length - 1}`);
      return given;
    }
    if (given !== undefined) {
      const idx = names.indexOf(given.trim().toLowerCase());
      if (idx < 0) throw new ParseError(source, headerLine, `${field} "${given}" not found; columns: ${names.join(', ')}`);
      return idx;
    }
    for (const c of candidates) {
      const idx = names.indexOf(c);
      if (idx >= 0) return idx;
    }
    if (required) throw new ParseError(source, headerLine, `no ${field.replace('Col', '')} column (looked for ${candidates.join(', ')}; columns: ${names.join(', ')}); pass ${field}`);
    return -1;
  };
  const timeIdx = findCol('timeCol', options.timeCol, TIME_NAMES, true);
  const bidIdx = findCol('bidCol', options.bidCol, BID_NAMES, false);
  const askIdx = findCol('askCol', options.askCol, ASK_NAMES, false);
  const hasQuotes = bidIdx >= 0 && askIdx >= 0;
  const priceIdx = findCol('priceCol', options.priceCol, PRICE_NAMES, !hasQuotes);
  // A separate clock column next to a `date` column.
  const clockIdx = names[timeIdx] === 'date' && options.timeCol === undefined ? names.indexOf('time') : -1;

  const offset = options.timeOffsetMs ?? 0;
  let format: TimeFormat = options.timeFormat ?? 'auto';
  const time: number[] = [];
  const price: number[] = [];
  const bid: number[] = [];
  const ask: number[] = [];
  for (let i = dataStart; i < lines.length; i++) {
    const raw = lines[i];
    if (raw.trim() === '') continue;
    const line = i + 1;
    const f = split(raw);
    if (f.length !== names.length) throw new ParseError(source, line, `expected ${names.length} fields, found ${f.length}`);
    let timeText = f[timeIdx];
    if (clockIdx >= 0 && /^\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(f[clockIdx])) timeText = `${timeText}T${f[clockIdx].padStart(f[clockIdx].indexOf(':') === 1 ? f[clockIdx].length + 1 : 0, '0')}`;
    if (format === 'auto') format = detectTimeFormat(timeText);
    const t = parseTime(timeText, format);
    if (t === undefined) throw new ParseError(source, line, `cannot read time ${JSON.stringify(timeText)} as ${format}`);
    const ms = t + offset;
    if (time.length > 0 && !(ms > time[time.length - 1])) {
      const order = time.length === 1 && ms < time[0] ? ' (the file looks newest-first; sort it ascending)' : '';
      throw new ParseError(source, line, `timestamp ${JSON.stringify(timeText)} is not after the previous row's; timestamps must strictly increase${order}`);
    }
    let b = NaN;
    let a = NaN;
    if (hasQuotes) {
      b = readPositive(f[bidIdx], source, line, names[bidIdx]);
      a = readPositive(f[askIdx], source, line, names[askIdx]);
      if (b > a) throw new ParseError(source, line, `bid ${b} above ask ${a}`);
      bid.push(b);
      ask.push(a);
    }
    price.push(priceIdx >= 0 ? readPositive(f[priceIdx], source, line, names[priceIdx]) : (a + b) / 2);
    time.push(ms);
  }
  if (time.length === 0) throw new ParseError(source, dataStart + 1, 'no data rows');
  const series: PriceSeries = { time: Float64Array.from(time), price: Float64Array.from(price) };
  if (hasQuotes) {
    series.bid = Float64Array.from(bid);
    series.ask = Float64Array.from(ask);
  }
  return series;
}

function detectDelimiter(line: string): string {
  const counts = [',', ';', '\t'].map((d) => [d, line.split(d).length - 1] as const);
  counts.sort((x, y) => y[1] - x[1]);
  return counts[0][1] > 0 ? counts[0][0] : ',';
}

function readPositive(text: string, source: string, line: number, column: string): number {
  const v = text === '' ? NaN : Number(text);
  if (!Number.isFinite(v) || v <= 0) throw new ParseError(source, line, `${column} ${JSON.stringify(text)} is not a positive number`);
  return v;
}

/** The format of one time value under the 'auto' rules. */
export function detectTimeFormat(text: string): Exclude<TimeFormat, 'auto'> {
  if (/^\d{8}$/.test(text) && parseYyyymmdd(text) !== undefined) return 'yyyymmdd';
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text) >= 1e11 ? 'epoch-ms' : 'epoch-s';
  return 'iso';
}

/** Epoch ms of a time value, or undefined when it does not parse in `format`. */
export function parseTime(text: string, format: Exclude<TimeFormat, 'auto'>): number | undefined {
  switch (format) {
    case 'yyyymmdd':
      return parseYyyymmdd(text);
    case 'epoch-s':
    case 'epoch-ms': {
      if (!/^-?\d+(\.\d+)?$/.test(text)) return undefined;
      const v = Number(text);
      return format === 'epoch-s' ? v * 1000 : v;
    }
    case 'iso':
      return parseIso(text);
  }
}

function parseYyyymmdd(text: string): number | undefined {
  if (!/^\d{8}$/.test(text)) return undefined;
  const y = Number(text.slice(0, 4));
  const m = Number(text.slice(4, 6));
  const d = Number(text.slice(6, 8));
  if (y < 1900 || y > 2199) return undefined;
  return validDate(y, m, d, 0, 0, 0, 0);
}

const ISO = /^(\d{4})[-/](\d{2})[-/](\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

function parseIso(text: string): number | undefined {
  const m = ISO.exec(text);
  if (m === null) return undefined;
  const ms = m[7] === undefined ? 0 : Math.round(Number(`0.${m[7]}`) * 1000);
  const t = validDate(Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0), ms);
  if (t === undefined) return undefined;
  const tz = m[8];
  if (tz === undefined || tz.toUpperCase() === 'Z') return t;
  const sign = tz[0] === '-' ? -1 : 1;
  const digits = tz.slice(1).replace(':', '');
  return t - sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4))) * 60_000;
}

function validDate(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number): number | undefined {
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return undefined;
  const t = Date.UTC(y, mo - 1, d, h, mi, s, ms);
  if (new Date(t).getUTCDate() !== d) return undefined; // e.g. 2021-02-30
  return t;
}

export interface AlignOptions {
  /**
   * 'ffill' (default): every timestamp of either series from the first one both have; a leg
   * missing at a timestamp repeats its last value and is flagged in `filled`.
   * 'inner': only timestamps both have; `dropped` counts the others.
   */
  fill?: 'ffill' | 'inner';
  /** With 'ffill': also insert missing timestamps of this regular grid (ms), both legs flagged. */
  gridMs?: number;
}

/** Aligns A (dependent leg) and B (hedge leg) on common timestamps. */
export function alignPair(a: PriceSeries, b: PriceSeries, options: AlignOptions = {}): AlignedPair & { droppedA: number; droppedB: number } {
  const fill = options.fill ?? 'ffill';
  if (fill !== 'ffill' && fill !== 'inner') throw new ConfigError('fill', fill, 'expected "ffill" or "inner"');
  const grid = options.gridMs;
  if (grid !== undefined && !(Number.isInteger(grid) && grid > 0)) throw new ConfigError('gridMs', grid, 'expected a positive integer number of ms');
  const quotes = a.bid !== undefined && a.ask !== undefined && b.bid !== undefined && b.ask !== undefined;
  const time: number[] = [];
  const ia: number[] = []; // index into A of the value used
  const ib: number[] = [];
  const flags: number[] = [];
  let droppedA = 0;
  let droppedB = 0;
  let i = 0;
  let j = 0;
  const na = a.time.length;
  const nb = b.time.length;
  // Skip to the first time both have data.
  const start = Math.max(a.time[0], b.time[0]);
  for (; i < na && a.time[i] < start; i++) droppedA++;
  for (; j < nb && b.time[j] < start; j++) droppedB++;
  let lastA = -1;
  let lastB = -1;
  let prev = -Infinity;
  while (i < na || j < nb) {
    const ta = i < na ? a.time[i] : Infinity;
    const tb = j < nb ? b.time[j] : Infinity;
    const t = Math.min(ta, tb);
    if (fill === 'inner') {
      if (ta === tb) {
        time.push(t);
        ia.push(i++);
        ib.push(j++);
        flags.push(0);
      } else if (ta < tb) {
        i++;
        droppedA++;
      } else {
        j++;
        droppedB++;
      }
      continue;
    }
    if (grid !== undefined && time.length > 0) {
      for (let g = prev + grid; g < t; g += grid) {
        time.push(g);
        ia.push(lastA);
        ib.push(lastB);
        flags.push(3);
      }
    }
    let flag = 0;
    if (ta === t) lastA = i++;
    else flag |= 1;
    if (tb === t) lastB = j++;
    else flag |= 2;
    time.push(t);
    ia.push(lastA);
    ib.push(lastB);
    flags.push(flag);
    prev = t;
  }
  const pick = (src: Float64Array, idx: number[]) => Float64Array.from(idx, (k) => src[k]);
  const out: AlignedPair & { droppedA: number; droppedB: number } = {
    time: Float64Array.from(time),
    a: pick(a.price, ia),
    b: pick(b.price, ib),
    filled: Uint8Array.from(flags),
    filledA: flags.filter((f) => f & 1).length,
    filledB: flags.filter((f) => f & 2).length,
    droppedA,
    droppedB,
  };
  if (quotes) {
    out.bidA = pick(a.bid!, ia);
    out.askA = pick(a.ask!, ia);
    out.bidB = pick(b.bid!, ib);
    out.askB = pick(b.ask!, ib);
  }
  return out;
}
