import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { ProbedThread } from '../jest/channel';
import { explainStuck } from './stuck';

// The verdict and the mapping back to TypeScript, from probe reports built by hand over a real
// transpiled file (runtime/ts-cache.js), so the lines asserted are those of the source below.

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'grader-stuck-unit-'));
const file = path.join(root, 'ex99-spin', 'spin.ts');
fs.mkdirSync(path.dirname(file));
// Type annotations and an interface the transpiler removes, so JavaScript lines differ from these.
const source = [
  'interface Cell {',
  '  value: number;',
  '}',
  '',
  'export class Spinner {',
  '  constructor(private readonly cell: Int32Array) {}',
  '',
  '  spin(): void {',
  '    while (Atomics.load(this.cell, 0) === 0) {}',
  '  }',
  '}',
  '',
  'export function run(cell: Cell): void {',
  '  new Spinner(new Int32Array(cell.value)).spin();',
  '}',
  '',
].join('\n');
fs.writeFileSync(file, source);
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { compiledSource } = require('../runtime/ts-cache') as {
  compiledSource: (file: string) => string;
};
const javascript = compiledSource(file).split('\n');
/** Where V8 would put a frame at `text` of the transpiled file: 0-based line and column. */
function jsAt(text: string): { line: number; col: number } {
  const line = javascript.findIndex((each) => each.includes(text));
  expect(line).toBeGreaterThanOrEqual(0);
  return { line, col: javascript[line].indexOf(text) };
}
const tsLine = (text: string) => source.split('\n').findIndex((each) => each.includes(text)) + 1;
/** `line:column` (1-based) of `text` in the TypeScript source. */
const tsAt = (text: string) =>
  `${tsLine(text)}:${source.split('\n')[tsLine(text) - 1].indexOf(text) + 1}`;

const spinFrame = { fn: 'spin', cls: 'Spinner', url: file, ...jsAt('Atomics.load(this.cell') };
const runFrame = { fn: 'run', url: `file://${file}`, ...jsAt('.spin()') };
const outside = { fn: 'helper', url: '/somewhere/else/test.ts', line: 3, col: 4 };
const roots = { subjectRoot: root, studentFiles: [file] };
const thread = (overrides: Partial<ProbedThread>): ProbedThread => ({
  name: 'main',
  state: 'running',
  frames: [spinFrame, outside, runFrame],
  ...overrides,
});

test("frames are mapped to the TypeScript lines, in the student's files only", () => {
  const explained = explainStuck({ threads: [thread({ moved: false })] }, roots)!;
  expect(explained.stuck.threads).toEqual([
    {
      name: 'main thread',
      state: 'running',
      frames: [
        {
          function: 'Spinner.spin',
          file: 'ex99-spin/spin.ts',
          line: tsLine('Atomics.load'),
          column: source.split('\n')[tsLine('Atomics.load') - 1].indexOf('Atomics') + 1,
        },
        expect.objectContaining({ function: 'run', line: tsLine('.spin()') }),
      ],
    },
  ]);
  expect(explained.location).toEqual({
    file: 'ex99-spin/spin.ts',
    line: tsLine('Atomics.load'),
    column: explained.stuck.threads[0].frames[0].column,
  });
});

test('a running thread that stayed in place is a busy loop, one that moved on is too slow', () => {
  const busy = explainStuck({ threads: [thread({ moved: false })] }, roots)!;
  expect(busy.stuck.verdict).toBe('busy loop');
  expect(busy.text.split('\n')[0]).toBe(
    `likely busy loop in Spinner.spin (spin.ts:${tsAt('Atomics.load')}): a thread kept running in the same place (an infinite loop, or a busy-wait for something that never happens)`,
  );
  const slow = explainStuck({ threads: [thread({ moved: true })] }, roots)!;
  expect(slow.stuck.verdict).toBe('too slow');
  expect(slow.text).toMatch(/^likely too slow \(still working in Spinner\.spin/);
});

test('no thread running is a deadlock; alike workers share a line, numbered of the total', () => {
  const waiting = (n: number) => thread({ name: 'worker', n, state: 'waiting' });
  const explained = explainStuck(
    {
      threads: [thread({ state: 'idle', frames: [] }), waiting(1), waiting(2), waiting(3)],
      workers: 5,
    },
    roots,
  )!;
  expect(explained.stuck.verdict).toBe('deadlock');
  expect(explained.stuck.threads.map((each) => each.name)).toEqual([
    'main thread',
    'worker 1 of 5',
    'worker 2 of 5',
    'worker 3 of 5',
  ]);
  const spin = tsAt('Atomics.load');
  expect(explained.text).toBe(
    [
      `likely deadlock in Spinner.spin (spin.ts:${spin})`,
      'main thread: idle, awaiting something',
      `workers 1, 2, 3 of 5: waiting in Atomics.wait, Spinner.spin (spin.ts:${spin}) <- run (spin.ts:${tsAt('.spin()')})`,
    ].join('\n'),
  );
  // The main thread was in none of the student's code: the annotation goes to the first worker.
  expect(explained.location).toMatchObject({ line: tsLine('Atomics.load') });
});

test('a report with no threads (the probe failed) explains nothing', () => {
  expect(explainStuck({ threads: [], error: 'no inspector' }, roots)).toBeUndefined();
});
