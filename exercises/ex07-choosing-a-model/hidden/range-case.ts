import { showValue } from '@course/testkit/case-values';

// One generated call of a pure part of choose.ts, as data, and how to play it against any copy of
// the module: the reference at authoring time, the code under test when graded.

export type RangeCall =
  | { fn: 'splitRange'; from: number; to: number; parts: number }
  | { fn: 'countPrimesInRange'; from: number; to: number }
  | { fn: 'countPrimesBelow'; n: number };

interface RangeApi {
  splitRange(from: number, to: number, parts: number): unknown;
  countPrimesInRange(from: number, to: number): unknown;
  countPrimesBelow(n: number): unknown;
}

/** What the call gave: its value as plain data, or what it threw. */
export type RangeOutcome = { value: unknown } | { thrown: string };

const plainChunks = (value: unknown): unknown =>
  Array.isArray(value)
    ? value.map((chunk: unknown) =>
        chunk !== null && typeof chunk === 'object'
          ? { from: (chunk as { from: unknown }).from, to: (chunk as { to: unknown }).to }
          : chunk,
      )
    : value;

export function playRangeCall(call: RangeCall, api: RangeApi): RangeOutcome {
  try {
    switch (call.fn) {
      case 'splitRange':
        return { value: plainChunks(api.splitRange(call.from, call.to, call.parts)) };
      case 'countPrimesInRange':
        return { value: api.countPrimesInRange(call.from, call.to) };
      case 'countPrimesBelow':
        return { value: api.countPrimesBelow(call.n) };
    }
  } catch (error) {
    return { thrown: error instanceof Error ? error.name : showValue(error) };
  }
}

export function describeRangeCall(call: RangeCall): string {
  switch (call.fn) {
    case 'splitRange':
      return `splitRange(${call.from}, ${call.to}, ${call.parts})`;
    case 'countPrimesInRange':
      return `countPrimesInRange(${call.from}, ${call.to})`;
    case 'countPrimesBelow':
      return `countPrimesBelow(${call.n})`;
  }
}
