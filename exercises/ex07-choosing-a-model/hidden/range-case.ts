import { showValue } from '@course/testkit/case-values';
import { isInstance } from '@course/testkit';

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

/**
 * What the README fixes about splitRange's chunks, and nothing more (which chunks take the larger
 * size is the author's choice): how many, their sizes from small to large, and whether they tile
 * [from, to) in order, each starting where the previous one ended.
 */
function chunkShape(value: unknown, from: number, to: number): unknown {
  if (!Array.isArray(value)) return value;
  const chunks = value.map((chunk: unknown) =>
    chunk !== null && typeof chunk === 'object'
      ? { from: (chunk as { from: unknown }).from, to: (chunk as { to: unknown }).to }
      : { from: NaN, to: NaN },
  );
  const tiles =
    chunks.length === 0 ||
    (chunks[0].from === from &&
      chunks[chunks.length - 1].to === to &&
      chunks.every((chunk, index) => index === 0 || chunk.from === chunks[index - 1].to));
  const sizes = chunks.map((chunk) => Number(chunk.to) - Number(chunk.from)).sort((a, b) => a - b);
  return { chunks: chunks.length, sizes, tiles };
}

export function playRangeCall(call: RangeCall, api: RangeApi): RangeOutcome {
  try {
    switch (call.fn) {
      case 'splitRange':
        return {
          value: chunkShape(api.splitRange(call.from, call.to, call.parts), call.from, call.to),
        };
      case 'countPrimesInRange':
        return { value: api.countPrimesInRange(call.from, call.to) };
      case 'countPrimesBelow':
        return { value: api.countPrimesBelow(call.n) };
    }
  } catch (error) {
    return { thrown: isInstance(error, Error) ? error.name : showValue(error) };
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
