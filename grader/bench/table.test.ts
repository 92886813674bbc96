import { cell, renderTable } from './table';

describe('renderTable', () => {
  test('pads every column to its widest cell, under a bold title, with the note below', () => {
    expect(
      renderTable({
        title: 'check',
        header: ['exercise', 'time'],
        rows: [
          ['ex01', '1.90 s'],
          ['ex03', '12.00 s'],
        ],
        note: 'Medians.',
      }),
    ).toBe(
      [
        '**check**',
        '',
        '| exercise | time    |',
        '| -------- | ------- |',
        '| ex01     | 1.90 s  |',
        '| ex03     | 12.00 s |',
        '',
        'Medians.',
        '',
      ].join('\n'),
    );
  });
  test('a column is at least three wide, as a Markdown delimiter must be', () => {
    expect(renderTable({ title: 't', header: ['n'], rows: [['1']] })).toContain('| --- |');
  });
  test('a row with a cell too many or too few is an error naming the table', () => {
    expect(() => renderTable({ title: 'scaling', header: ['a', 'b'], rows: [['1']] })).toThrow(
      'scaling: a row has 1 cells, the header 2',
    );
  });
});

describe('cell', () => {
  test('fixes the decimals and appends a unit; an unmeasured value is a dash', () => {
    expect(cell(1.23456, 2, ' s')).toBe('1.23 s');
    expect(cell(undefined)).toBe('-');
    expect(cell(Number.NaN, 1)).toBe('-');
  });
});
