import { boundedLine, jsonLine, MAX_LINE_UNITS } from './stream-reporter';

const fields = [
  ['type', 'result'],
  ['status', 'failed'],
  ['durationMs', 12],
  ['skipped', undefined],
  ['failureMessages', ['expected 3, got "2"\n', 'second']],
] as const;
const expected = {
  type: 'result',
  status: 'failed',
  durationMs: 12,
  failureMessages: ['expected 3, got "2"\n', 'second'],
};

test('a line is the JSON of its fields, leaving out those not given', () => {
  expect(JSON.parse(jsonLine(fields))).toEqual(expected);
  expect(jsonLine([])).toBe('{}');
});

test('a toJSON added to the shared prototypes changes nothing in the line', () => {
  const prototypes = [Object.prototype, Array.prototype] as unknown as Record<string, unknown>[];
  for (const prototype of prototypes)
    Object.defineProperty(prototype, 'toJSON', {
      value: () => ({ status: 'passed' }),
      configurable: true,
    });
  let line: string;
  try {
    line = jsonLine(fields);
  } finally {
    for (const prototype of prototypes) delete prototype.toJSON;
  }
  expect(JSON.parse(line)).toEqual(expected);
});

describe('a line reaches the grader in one write that no other thread can split', () => {
  const bytes = (line: string) => Buffer.byteLength(line, 'utf8');
  const huge = [
    ['ascii', 'y'.repeat(60_000)],
    ['three-byte characters', '€'.repeat(60_000)],
    ['control characters, six units each in JSON', '\u0001'.repeat(60_000)],
    ['astral characters', '😀'.repeat(30_000)],
  ] as const;

  test.each(huge)(
    'four failure messages of %s stay under 32 KiB and still parse',
    (_kind, text) => {
      const fields = [
        ['type', 'result'],
        ['name', 'a test'],
        ['durationMs', 3],
        ['failureMessages', [text, text, text, text]],
      ] as const;
      const line = boundedLine(fields);
      expect(line.length).toBeLessThanOrEqual(MAX_LINE_UNITS);
      expect(bytes(line)).toBeLessThan(32 * 1024);
      const parsed = JSON.parse(line) as {
        name: string;
        durationMs: number;
        failureMessages: string[];
      };
      expect(parsed.name).toBe('a test');
      expect(parsed.durationMs).toBe(3);
      expect(parsed.failureMessages).toHaveLength(4);
      for (const message of parsed.failureMessages) {
        expect(text.startsWith(message.split('\n[…')[0])).toBe(true);
        expect(message).toMatch(/more characters not kept: a report line is capped\]$/);
      }
    },
  );

  test('a thousand messages keep the first eight, cut to fit', () => {
    const line = boundedLine([
      ['failureMessages', Array.from({ length: 1000 }, () => 'z'.repeat(500))],
    ]);
    expect(line.length).toBeLessThanOrEqual(MAX_LINE_UNITS);
    expect((JSON.parse(line) as { failureMessages: string[] }).failureMessages).toHaveLength(8);
  });

  test('a line that fits is the plain JSON of its fields, nothing cut', () => {
    expect(boundedLine(fields)).toBe(jsonLine(fields));
  });
});

test("the realm's array iterator and index setters are never consulted", () => {
  // Graded code reaches the reporter's realm: an iterator that reads 'failed' as 'passed' once
  // rewrote every failed result, and an index setter would take each message.
  const iterator = Object.getPrototypeOf([][Symbol.iterator]()) as { next: () => unknown };
  const next = iterator.next;
  const taken: unknown[] = [];
  Object.defineProperty(iterator, 'next', {
    configurable: true,
    writable: true,
    value(this: Iterator<unknown>) {
      const step = next.call(this) as IteratorResult<unknown>;
      return step.value === 'failed' ? { value: 'passed', done: false } : step;
    },
  });
  for (const index of [0, 1])
    Object.defineProperty(Array.prototype, index, {
      configurable: true,
      set: (value: unknown) => taken.push(value),
    });
  let lines: string[];
  try {
    lines = [jsonLine(fields), boundedLine([...fields, ['long', 'x'.repeat(20_000)]])];
  } finally {
    Object.defineProperty(iterator, 'next', { value: next, writable: true, configurable: true });
    for (const index of [0, 1])
      delete (Array.prototype as unknown as Record<number, unknown>)[index];
  }
  expect(JSON.parse(lines[0])).toEqual(expected);
  expect(JSON.parse(lines[1])).toMatchObject(expected);
  expect(taken).toEqual([]);
});
