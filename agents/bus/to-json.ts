/**
 * Plain-JSON views of observations, actions and infos for bus events.
 *
 * A value that already is plain JSON (finite numbers, strings, booleans, null, arrays and
 * plain objects of those) is returned as is, by reference: checking is ~3× cheaper than
 * copying, and the per-episode `info` conversion is the bus's largest cost on cheap envs.
 * (So an env that mutates an info object it returned earlier also changes events a consumer
 * kept; envs return a fresh info per step.) Anything else is copied: typed arrays become
 * number arrays, Maps objects, Sets arrays, `undefined` object fields are dropped, and
 * `undefined`, functions and non-finite numbers become `null` (what `JSON.stringify` writes),
 * so an event survives a JSON round trip unchanged.
 */
import type { JsonObject, JsonValue } from '../../envs/core/json.js';

export function toJson(value: unknown): JsonValue {
  return isPlainJson(value) ? value : convert(value);
}

/** `toJson` for records (infos): the result is always an object. */
export function toJsonObject(value: Record<string, unknown> | undefined): JsonObject {
  if (value === undefined || value === null) return {};
  if (isPlainJson(value)) return value as JsonObject;
  return convertObject(value);
}

/** True when `value` is JSON already and would survive a JSON round trip unchanged. */
export function isPlainJson(value: unknown): value is JsonValue {
  switch (typeof value) {
    case 'number':
      return Number.isFinite(value);
    case 'string':
    case 'boolean':
      return true;
    case 'object':
      break;
    default:
      return false;
  }
  if (value === null) return true;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (!isPlainJson(value[i])) return false;
    return true;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return false;
  const rec = value as Record<string, unknown>;
  for (const key in rec) if (!isPlainJson(rec[key])) return false;
  return true;
}

function convert(value: unknown): JsonValue {
  if (isPlainJson(value)) return value;
  if (typeof value !== 'object' || value === null) return typeof value === 'bigint' ? Number(value) : null;
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    const src = value as unknown as ArrayLike<number | bigint>;
    const out: JsonValue[] = new Array(src.length);
    for (let i = 0; i < src.length; i++) out[i] = convert(src[i]);
    return out;
  }
  if (Array.isArray(value)) return value.map(convert);
  if (value instanceof Map) return convertObject(Object.fromEntries(value));
  if (value instanceof Set) return [...value].map(convert);
  return convertObject(value as Record<string, unknown>);
}

function convertObject(value: Record<string, unknown>): JsonObject {
  const out: JsonObject = {};
  for (const key of Object.keys(value)) {
    const v = value[key];
    if (v !== undefined) out[key] = convert(v);
  }
  return out;
}
