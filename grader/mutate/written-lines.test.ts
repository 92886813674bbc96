import { writtenRanges } from './written-lines';

test('lines the starter already holds are given; the rest, in runs, are written', () => {
  const starter = ['type A = 1;', 'function f() {', '  // TODO', '}', 'class E {}', ''].join('\n');
  const solution = [
    'type A = 1;',
    'const helper = 2;',
    'function f() {',
    '  const x = helper;',
    '  return x;',
    '}',
    'class E {}',
    'export const g = 1;',
    '',
  ].join('\n');
  expect(writtenRanges(starter, solution)).toEqual([
    [2, 2],
    [4, 5],
    [8, 8],
  ]);
});

test('a solution equal to its starter has nothing written; one with no starter text, all of it', () => {
  expect(writtenRanges('a\nb\n', 'a\nb\n')).toEqual([]);
  expect(writtenRanges('', 'a\nb\n')).toEqual([[1, 2]]);
});
