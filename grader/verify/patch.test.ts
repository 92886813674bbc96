import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { temporaryFolder } from '../test/scratch';
import { applyPatch, PatchError } from './patch';

const solution = [
  'export function add(a: number, b: number): number {',
  '  return a + b;',
  '}',
  '',
  'export const answer = 42;',
  '',
].join('\n');

/** The diff as an author makes it: diff -u (exit 1 means "they differ"). */
function diffOf(before: string, after: string): string {
  const dir = temporaryFolder('patch-');
  fs.writeFileSync(path.join(dir, 'a.ts'), before);
  fs.writeFileSync(path.join(dir, 'b.ts'), after);
  try {
    execFileSync('diff', ['-u', 'a.ts', 'b.ts'], { cwd: dir, encoding: 'utf8' });
    return '';
  } catch (error) {
    return (error as { stdout: string }).stdout;
  }
}

test.each([
  ['a changed line', solution.replace('a + b', 'a - b')],
  ['an added line at the top', `// wrong\n${solution}`],
  ['a removed line at the end', solution.replace('export const answer = 42;\n', '')],
  [
    'several hunks',
    solution.replace('a + b', 'a * b').replace('42', '41') + '\n'.repeat(8) + 'export {};\n',
  ],
  ['no newline at the end', solution.trimEnd()],
])('diff -u then applyPatch gives back the variant: %s', (_, variant) => {
  expect(applyPatch(solution, diffOf(solution, variant))).toBe(variant);
});

test('a diff that no longer fits the solution is an error naming the line', () => {
  const diff = diffOf(solution, solution.replace('a + b', 'a - b'));
  expect(() => applyPatch(solution.replace('a + b', 'b + a'), diff)).toThrow(PatchError);
  expect(() => applyPatch(solution.replace('a + b', 'b + a'), diff)).toThrow(
    'line 2 should be "  return a + b;" but is "  return b + a;"',
  );
});

test('text that is not a diff is an error', () => {
  expect(() => applyPatch(solution, 'export const x = 1;')).toThrow('the diff has no hunk');
});
