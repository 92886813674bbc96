import { textTable } from './text-table';

test('columns are as wide as their widest cell, two spaces apart, dashes under the header', () => {
  expect(
    textTable(
      ['id', 'state'],
      [
        ['ex01', 'done'],
        ['ex10', 'not started'],
      ],
    ),
  ).toEqual(['id    state', '----  -----------', 'ex01  done', 'ex10  not started']);
});

test('a header wider than every cell sets the width, and a table with no rows is its header', () => {
  expect(textTable(['exercise', 'points'], [['ex1', '']])).toEqual([
    'exercise  points',
    '--------  ------',
    'ex1',
  ]);
  expect(textTable(['a', 'b'], [])).toEqual(['a  b', '-  -']);
});
