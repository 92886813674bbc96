// A case table is JSON, and JSON has no undefined, NaN, -0 or Infinity: exactly the values the
// generated cases reach for on purpose. They are stored as a one-key object { "$": name } and
// turned back into themselves when a hidden test reads the table.

const SPECIAL: Record<string, unknown> = {
  undefined: undefined,
  NaN: NaN,
  '-0': -0,
  Infinity: Infinity,
  '-Infinity': -Infinity,
};

function specialName(value: unknown): string | undefined {
  if (value === undefined) return 'undefined';
  if (typeof value !== 'number') return undefined;
  if (Number.isNaN(value)) return 'NaN';
  if (Object.is(value, -0)) return '-0';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  return undefined;
}

/** A JSON-safe copy of `value` (plain data: arrays, plain objects, strings, numbers, booleans, null). */
export function encodeCaseValue(value: unknown): unknown {
  const special = specialName(value);
  if (special !== undefined) return { $: special };
  if (Array.isArray(value)) return value.map(encodeCaseValue);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, encodeCaseValue(item)]),
    );
  }
  if (typeof value === 'function' || typeof value === 'symbol' || typeof value === 'bigint')
    throw new TypeError(`a case table holds data only, not a ${typeof value}`);
  return value;
}

/** The value `encodeCaseValue` stored. */
export function decodeCaseValue(stored: unknown): unknown {
  if (Array.isArray(stored)) return stored.map(decodeCaseValue);
  if (stored !== null && typeof stored === 'object') {
    const keys = Object.keys(stored);
    const tag = (stored as { $?: unknown }).$;
    if (keys.length === 1 && typeof tag === 'string' && tag in SPECIAL) return SPECIAL[tag];
    return Object.fromEntries(
      Object.entries(stored).map(([key, item]) => [key, decodeCaseValue(item)]),
    );
  }
  return stored;
}

/** A value as a student would write it in TypeScript: -0, NaN, undefined, 'text', [1, 2]. */
export function showValue(value: unknown): string {
  const special = specialName(value);
  if (special !== undefined) return special;
  if (typeof value === 'string') return `'${value}'`;
  if (Array.isArray(value)) return `[${value.map(showValue).join(', ')}]`;
  if (value instanceof Error) return `${value.name}(${showValue(value.message)})`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).map(([key, item]) => `${key}: ${showValue(item)}`);
    return entries.length ? `{ ${entries.join(', ')} }` : '{}';
  }
  return String(value);
}
