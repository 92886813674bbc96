import * as fs from 'fs';
import * as path from 'path';
import { temporaryFolder } from '../../test/scratch';

// A small course written to a temporary folder, for tests that change a course (plant a leak,
// overlay hidden tests) without touching the real one or running anything.

export const HIDDEN_TITLE = 'sums a long list without losing the last element';
export const VISIBLE_TITLE = 'sums two numbers';

export const SOLUTION = `/** Adds every number of the list. */
export function sum(values: number[]): number {
  let total = 0;
  for (let index = 0; index < values.length; index++) {
    const value = values[index];
    total = total + value;
  }
  return total;
}
`;

const STARTER = `/** Adds every number of the list. */
export function sum(values: number[]): number {
  // TODO: add them up.
  return 0;
}
`;

const HIDDEN_TEST = `import { because } from '@course/testkit';
import { sum } from '@subject/ex90-mini/sum';

test('${HIDDEN_TITLE}', () => {
  const many = Array.from({ length: 1000 }, (_, index) => index + 1);
  const expected = (1000 * 1001) / 2;
  const received = sum(many);
  because('1 + 2 + ... + 1000 is 500500, the last element included', () =>
    expect(received).toBe(expected),
  );
});
`;

export function miniCourse(): string {
  const root = temporaryFolder('grader-mini-course-');
  const files: Record<string, string> = {
    'exercises/ex90-mini/exercise.json': JSON.stringify(
      {
        id: 'ex90',
        slug: 'mini',
        title: 'A mini exercise',
        files: ['sum.ts'],
        points: 3,
        timeoutMs: 2000,
        hints: ['Loop over every element.'],
        tests: [
          { name: VISIBLE_TITLE, points: 1, visibility: 'visible' },
          {
            name: HIDDEN_TITLE,
            points: 2,
            visibility: 'hidden',
            hint: 'the loop must reach the last index',
          },
        ],
      },
      null,
      2,
    ),
    'exercises/ex90-mini/README.md': '# A mini exercise\n\nAdd up a list.\n',
    'exercises/ex90-mini/sum.ts': STARTER,
    'exercises/ex90-mini/tests/sum.test.ts': `import { sum } from '@subject/ex90-mini/sum';

test('${VISIBLE_TITLE}', () => {
  expect(sum([2, 3])).toBe(5);
});
`,
    'exercises/ex90-mini/hidden/sum.test.ts': HIDDEN_TEST,
    'solutions/ex90-mini/sum.ts': SOLUTION,
    'solutions/ex90-mini/wrong/off-by-one/variant.json': JSON.stringify({
      mistake: 'stops one element early',
      caughtBy: [HIDDEN_TITLE],
    }),
    'solutions/ex90-mini/wrong/off-by-one/sum.ts': SOLUTION.replace(
      'index < values.length',
      'index < values.length - 1',
    ),
  };
  for (const [relative, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
    fs.writeFileSync(path.join(root, relative), text);
  }
  return root;
}

/** Captures what a command writes. */
export function recorder() {
  const io = {
    stdout: '',
    stderr: '',
    color: false,
    out: (text: string) => {
      io.stdout += text;
    },
    err: (text: string) => {
      io.stderr += text;
    },
  };
  return io;
}
