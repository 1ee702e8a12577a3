/**
 * Plain-JSON copies of observations, actions and infos for bus events.
 * Typed arrays become number arrays, `undefined` object fields are dropped, `undefined`
 * elsewhere and non-finite numbers become `null` (what `JSON.stringify` would write), so an
 * event survives a JSON round trip unchanged.
 */
import type { JsonObject, JsonValue } from '../../envs/core/json.js';

export function toJson(value: unknown): JsonValue {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'number':
      return Number.isFinite(value) ? value : null;
    case 'string':
    case 'boolean':
      return value;
    case 'bigint':
      return Number(value);
    case 'object':
      break;
    default:
      return null;
  }
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    const src = value as unknown as ArrayLike<number | bigint>;
    const out: JsonValue[] = new Array(src.length);
    for (let i = 0; i < src.length; i++) out[i] = toJson(src[i]);
    return out;
  }
  if (Array.isArray(value)) return value.map(toJson);
  if (value instanceof Map) return toJsonObject(Object.fromEntries(value));
  if (value instanceof Set) return [...value].map(toJson);
  return toJsonObject(value as Record<string, unknown>);
}

/** `toJson` for records (infos): the result is always an object. */
export function toJsonObject(value: Record<string, unknown> | undefined): JsonObject {
  const out: JsonObject = {};
  if (value === undefined || value === null) return out;
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    const v = value[key];
    if (v !== undefined) out[key] = toJson(v);
  }
  return out;
}
