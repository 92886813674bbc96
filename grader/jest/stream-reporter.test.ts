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
