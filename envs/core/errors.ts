/**
 * Typed errors for the whole suite. Every error names the field (or space) and the
 * offending value, so a user can fix the input without reading our source.
 */

/** Base class: `code` is a stable machine-readable tag. */
export class SuiteError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** An action outside the action space, or masked out. */
export class InvalidActionError extends SuiteError {
  constructor(
    readonly space: string,
    readonly value: unknown,
    reason = 'is not contained in the action space',
  ) {
    super('invalid_action', `action ${formatValue(value)} ${reason} ${space}`);
  }
}

/** A bad option or configuration value. */
export class ConfigError extends SuiteError {
  constructor(
    readonly field: string,
    readonly value: unknown,
    reason: string,
  ) {
    super('invalid_config', `option "${field}" = ${formatValue(value)}: ${reason}`);
  }
}

/** Malformed input data (instance, trace, price file); `line` is 1-based. */
export class ParseError extends SuiteError {
  constructor(
    readonly source: string,
    readonly line: number,
    reason: string,
  ) {
    super('parse_error', `${source}:${line}: ${reason}`);
  }
}

/** An API call in the wrong state, e.g. `step` before `reset` or after the episode ended. */
export class EnvStateError extends SuiteError {
  constructor(message: string) {
    super('env_state', message);
  }
}

/** Short, single-line rendering of a value for error messages. */
export function formatValue(value: unknown): string {
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    const items = Array.from(value as unknown as ArrayLike<number>);
    const shown = items.slice(0, 8).join(', ');
    return `${value.constructor.name}[${shown}${items.length > 8 ? ', …' : ''}]`;
  }
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value == null) return String(value);
  try {
    const s = JSON.stringify(value);
    return s.length > 120 ? `${s.slice(0, 117)}...` : s;
  } catch {
    return String(value);
  }
}
