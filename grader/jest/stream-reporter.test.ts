import { jsonLine } from './stream-reporter';

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
