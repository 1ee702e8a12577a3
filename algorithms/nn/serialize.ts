/**
 * Saving and loading a module's parameters.
 *
 * JSON: `{ format: 'nn-params-v1', params: { name: { shape, data } } }`; JS prints doubles with
 * the shortest round-tripping decimal, so the values come back bit-identical.
 * Binary: the parameters in `namedParameters()` order as little-endian float64, no header
 * (the architecture defines the layout; the length is checked). `toBase64`/`fromBase64`
 * wrap it for text channels. Loading checks names, shapes and sizes.
 */
import { ConfigError, ParseError } from '../../envs/core/errors.js';
import type { JsonObject, JsonValue } from '../../envs/core/json.js';
import type { Module } from './layers.js';

export const PARAMS_FORMAT = 'nn-params-v1';

export function saveJson(m: Module): JsonObject {
  const params: JsonObject = {};
  for (const [name, p] of m.namedParameters()) params[name] = { shape: [...p.shape], data: Array.from(p.data) };
  return { format: PARAMS_FORMAT, params };
}

export function loadJson(m: Module, json: JsonValue): void {
  if (typeof json !== 'object' || json === null || Array.isArray(json) || json.format !== PARAMS_FORMAT) {
    throw new ParseError('params', 1, `expected an object with format "${PARAMS_FORMAT}"`);
  }
  const params = json.params as { [k: string]: { shape: number[]; data: number[] } };
  const named = m.namedParameters();
  if (Object.keys(params).length !== named.length) throw new ConfigError('params', Object.keys(params), `expected ${named.length} parameters`);
  for (const [name, p] of named) {
    const e = params[name];
    if (e === undefined) throw new ConfigError('params', name, 'is missing');
    if (e.shape.length !== p.shape.length || e.shape.some((d, i) => d !== p.shape[i]) || e.data.length !== p.size) {
      throw new ConfigError(`params.${name}`, e.shape, `shape must be [${p.shape}]`);
    }
    p.data.set(e.data);
  }
}

export function saveBytes(m: Module): Uint8Array {
  const params = m.parameters();
  const n = params.reduce((s, p) => s + p.size, 0);
  const bytes = new Uint8Array(n * 8);
  const view = new DataView(bytes.buffer);
  let o = 0;
  for (const p of params) for (let i = 0; i < p.size; i++, o += 8) view.setFloat64(o, p.data[i], true);
  return bytes;
}

export function loadBytes(m: Module, bytes: Uint8Array): void {
  const params = m.parameters();
  const n = params.reduce((s, p) => s + p.size, 0);
  if (bytes.length !== n * 8) throw new ConfigError('bytes', bytes.length, `expected ${n * 8} bytes (${n} float64)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let o = 0;
  for (const p of params) for (let i = 0; i < p.size; i++, o += 8) p.data[i] = view.getFloat64(o, true);
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Standard base64 (with padding); no platform APIs. */
export function toBase64(bytes: Uint8Array): string {
  let s = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const v = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    s += B64[v >> 18] + B64[(v >> 12) & 63] + B64[(v >> 6) & 63] + B64[v & 63];
  }
  if (i < bytes.length) {
    const v = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8);
    s += B64[v >> 18] + B64[(v >> 12) & 63] + (i + 1 < bytes.length ? B64[(v >> 6) & 63] : '=') + '=';
  }
  return s;
}

export function fromBase64(s: string): Uint8Array<ArrayBuffer> {
  const clean = s.replace(/\s+/g, '');
  if (clean.length % 4 !== 0) throw new ParseError('base64', 1, `length ${clean.length} is not a multiple of 4`);
  const pad = clean.endsWith('==') ? 2 : clean.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((clean.length / 4) * 3 - pad);
  let o = 0;
  for (let i = 0; i < clean.length; i += 4) {
    let v = 0;
    for (let j = 0; j < 4; j++) {
      const ch = clean[i + j];
      const d = ch === '=' ? 0 : B64.indexOf(ch);
      if (d < 0) throw new ParseError('base64', 1, `invalid character ${JSON.stringify(ch)} at ${i + j}`);
      v = (v << 6) | d;
    }
    if (o < out.length) out[o++] = (v >> 16) & 255;
    if (o < out.length) out[o++] = (v >> 8) & 255;
    if (o < out.length) out[o++] = v & 255;
  }
  return out;
}
