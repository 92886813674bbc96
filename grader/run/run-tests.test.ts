import type { TestSpec } from '../course/types';
import { testsAfterStuckImport } from './run-tests';

const spec = (name: string, file: string): TestSpec => ({
  name,
  points: 1,
  visibility: 'hidden',
  timeoutMs: 5000,
  runs: 1,
  file,
});
const files = [
  [spec('a1', 'a.test.ts'), spec('a2', 'a.test.ts')],
  [spec('b1', 'b.test.ts')],
  [spec('c1', 'c.test.ts')],
  [spec('d1', 'd.test.ts'), spec('d2', 'd.test.ts')],
];

test('when every import finished, no test gets a verdict from another file', () => {
  expect(testsAfterStuckImport(files, [undefined, undefined, undefined, undefined])).toEqual(
    new Map(),
  );
});

test("the files after the first whose import never finished get that file's message, as one after another", () => {
  const verdicts = testsAfterStuckImport(files, [undefined, 'import of b never ended', 'c too']);
  expect([...verdicts.keys()]).toEqual(['c1', 'd1', 'd2']);
  for (const result of verdicts.values())
    expect(result).toMatchObject({
      status: 'timeout',
      score: 0,
      message: 'import of b never ended',
    });
});

test('files not yet ended count as files whose import finished', () => {
  // The per-file runs note each file's message as it ends: files still running are holes.
  const stuck: (string | undefined)[] = [];
  stuck[2] = 'import of c never ended';
  expect([...testsAfterStuckImport(files, stuck).keys()]).toEqual(['d1', 'd2']);
});
