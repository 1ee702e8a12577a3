/**
 * Trace loading: plain page-id text (one non-negative integer per line, blank lines ignored),
 * optionally gzip-compressed, and compaction to dense ids.
 *
 * Isomorphic: the caller supplies the text or bytes (file access lives in experiments/).
 * `decodeTraceBytes` gunzips with the Web `DecompressionStream` (Node ≥ 18 and browsers).
 */
import { ParseError } from '../core/errors.js';
import type { Trace } from './types.js';

/**
 * Parses one integer page id per line. Whitespace around a number and blank lines are allowed;
 * anything else (signs, decimals, letters, ids > 2^53) is a `ParseError` naming the 1-based line.
 */
export function parseTrace(text: string, source = 'trace'): Float64Array {
  let out = new Float64Array(Math.max(16, text.length >> 3));
  let n = 0;
  let line = 1;
  let value = 0;
  let digits = 0;
  let afterNumber = false; // saw digits then whitespace: only whitespace may follow on this line
  const len = text.length;
  for (let i = 0; i <= len; i++) {
    const c = i < len ? text.charCodeAt(i) : 10;
    if (c >= 48 && c <= 57) {
      if (afterNumber) throw new ParseError(source, line, `expected one integer per line, got ${JSON.stringify(lineText(text, i))}`);
      value = value * 10 + (c - 48);
      digits++;
    } else if (c === 10) {
      if (digits > 0) {
        if (value > Number.MAX_SAFE_INTEGER) throw new ParseError(source, line, `page id ${lineText(text, i - 1).trim()} exceeds 2^53`);
        if (n === out.length) {
          const grown = new Float64Array(out.length * 2);
          grown.set(out);
          out = grown;
        }
        out[n++] = value;
      }
      value = 0;
      digits = 0;
      afterNumber = false;
      line++;
    } else if (c === 32 || c === 9 || c === 13) {
      if (digits > 0) afterNumber = true;
    } else {
      throw new ParseError(source, line, `expected a non-negative integer page id, got ${JSON.stringify(lineText(text, i))}`);
    }
  }
  return out.slice(0, n);
}

/** True when `bytes` start with the gzip magic number. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** Decodes a trace file's bytes (gunzipping first if needed) and parses it. */
export async function decodeTraceBytes(bytes: Uint8Array, source = 'trace'): Promise<Float64Array> {
  let raw = bytes;
  if (isGzip(bytes)) {
    const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('gzip'));
    try {
      raw = new Uint8Array(await new Response(stream).arrayBuffer());
    } catch (e) {
      throw new ParseError(source, 0, `not a valid gzip stream (${(e as Error).message})`);
    }
  }
  return parseTrace(new TextDecoder().decode(raw), source);
}

/**
 * Maps arbitrary non-negative integer ids to dense ids 0..m-1, preserving their order.
 * Throws nothing: ids are validated by the parser (or are generator output).
 */
export function compactTrace(raw: ArrayLike<number>): Trace {
  const n = raw.length;
  const sorted = Float64Array.from(raw).sort();
  let m = 0;
  for (let i = 0; i < n; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) sorted[m++] = sorted[i];
  const ids = sorted.slice(0, m);
  const pages = new Int32Array(n);
  const maxId = m > 0 ? ids[m - 1] : 0;
  if (maxId < 1 << 24) {
    const lookup = new Int32Array(maxId + 1);
    for (let p = 0; p < m; p++) lookup[ids[p]] = p;
    for (let t = 0; t < n; t++) pages[t] = lookup[raw[t]];
  } else {
    const lookup = new Map<number, number>();
    for (let p = 0; p < m; p++) lookup.set(ids[p], p);
    for (let t = 0; t < n; t++) pages[t] = lookup.get(raw[t]) as number;
  }
  return { pages, ids, nPages: m };
}

/** The text of the line containing character index `i` (for error messages). */
function lineText(text: string, i: number): string {
  const start = text.lastIndexOf('\n', i - 1) + 1;
  let end = text.indexOf('\n', i);
  if (end < 0) end = text.length;
  const s = text.slice(start, end).replace(/\r$/, '');
  return s.length > 40 ? `${s.slice(0, 37)}...` : s;
}
