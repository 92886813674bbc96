import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse } from 'csv-parse/sync';
import { exportOptions } from '../../commands/grade';
import { canvasImport, moodleImport, writeExports } from './exports';
import { renderCsv } from '../../report/gradebook-csv';
import type { Gradebook, GradebookRow } from '../../result/gradebook';

// The gradebooks an LMS imports, read back with a real CSV parser: the documented headers, a
// Points Possible row, every name exactly as given (commas, quotes, non-ASCII letters), and no
// cell a spreadsheet would run as a formula.
const headers = JSON.parse(
  fs.readFileSync(
    path.join(__dirname, '..', '..', 'test', 'fixtures', 'lms', 'import-headers.json'),
    'utf8',
  ),
) as {
  canvas: { identity: string[]; pointsPossible: string };
  moodle: { email: string; idnumber: string };
};

function row(
  id: string,
  person: Partial<GradebookRow>,
  lock: number,
  gather: number,
): GradebookRow {
  return {
    id,
    ...person,
    exercises: {
      ex01: { score: lock, max_score: 8, status: lock === 8 ? 'pass' : 'fail' },
      ex02: { score: gather, max_score: 3, status: gather === 3 ? 'pass' : 'fail' },
    },
    total: lock + gather,
    max: 11,
  };
}

const names = {
  comma: 'Doe, Jane',
  quotes: 'Zoë "Zed" O\'Brien',
  accents: 'Łukasz Ångström-Núñez 田中',
  equals: '=HYPERLINK("http://evil.example","x")',
  plus: '+1+cmd',
  minus: '-2+3',
  at: '@SUM(A1)',
};

const gradebook = {
  version: 1,
  generated_at: 'now',
  exercises: [
    { id: 'ex01', title: 'Lock', max_score: 8 },
    { id: 'ex02', title: 'Gather (part 2) (12)', max_score: 3 },
  ],
  students: [
    row(
      '1',
      {
        name: names.comma,
        email: 'jane@example.edu',
        sis_id: 'S1',
        login: 'jdoe',
        section: 'A, north',
      },
      8,
      3,
    ),
    row('2', { name: names.quotes, email: 'zoe@example.edu', sis_id: 'S2', section: 'B' }, 4.5, 0),
    row('3', { name: names.accents, sis_id: 'S3', late: true }, 0, 1),
    row('4', { name: names.equals, email: 'x@example.edu' }, 0, 0),
    row('5', { name: names.plus, email: 'p@example.edu' }, 0, 0),
    row('6', { name: names.minus, email: 'm@example.edu' }, 0, 0),
    row('7', { name: names.at, email: 'a@example.edu' }, 0, 0),
    row('8', { roster: 'unmatched', email: 'u@example.edu' }, 8, 3),
    {
      ...row('9', { name: 'Lin', email: 'lin@example.edu', roster: 'missing' }, 0, 0),
      exercises: {
        ex01: { score: 0, max_score: 8, status: 'missing' },
        ex02: { score: 0, max_score: 3, status: 'missing' },
      },
    },
  ],
  summary: { max: 11 },
} as unknown as Gradebook;

const read = (csv: string) => parse(csv, { bom: true, relax_column_count: false }) as string[][];
const column = (table: string[][], title: string) =>
  table.slice(1).map((line) => line[table[0].indexOf(title)]);
/** What a spreadsheet shows for a neutralised cell: the text, behind a leading apostrophe. */
const shown = (name: string) => (/^[=+\-@]/.test(name) ? `'${name}` : name);

test('canvas-import.csv: the documented columns, Points Possible, one column per exercise', () => {
  const { csv, file, left_out } = canvasImport(gradebook);
  expect(file).toBe('canvas-import.csv');
  const table = read(csv);
  expect(table[0]).toEqual([...headers.canvas.identity, 'ex01 Lock', 'ex02 Gather (part 2) [12]']);
  expect(table[1]).toEqual([headers.canvas.pointsPossible, '', '', '', '', '8', '3']);
  const students = table.slice(2);
  expect(students.map((line) => line[1])).toEqual(['1', '2', '3', '4', '5', '6', '7', '9']);
  expect(students.map((line) => line[0])).toEqual([...Object.values(names).map(shown), 'Lin']);
  expect(students[0]).toEqual(['Doe, Jane', '1', 'S1', 'jdoe', 'A, north', '8', '3']);
  expect(students[1].slice(5)).toEqual(['4.5', '0']);
  expect(left_out).toEqual(['8: not on the roster']);
  // No cell starts with what a spreadsheet runs.
  for (const line of table) for (const cell of line) expect(cell).not.toMatch(/^[=+\-@]/);
});

test('canvas-import.csv with --assignment: one total column under the name given', () => {
  const table = read(canvasImport(gradebook, 'Concurrency lab (12345)').csv);
  expect(table[0]).toEqual([...headers.canvas.identity, 'Concurrency lab (12345)']);
  expect(table[1]).toEqual(['Points Possible', '', '', '', '', '11']);
  expect(column(table, 'Concurrency lab (12345)').slice(1)).toEqual([
    '11',
    '4.5',
    '1',
    '0',
    '0',
    '0',
    '0',
    '0',
  ]);
});

test('moodle-import.csv: the identifier the instructor chose; students without one are left out, and named', () => {
  const byEmail = moodleImport(gradebook, 'email');
  const table = read(byEmail.csv);
  expect(table[0]).toEqual([
    headers.moodle.email,
    'Full name',
    'ex01 Lock',
    'ex02 Gather (part 2) [12]',
  ]);
  expect(table.slice(1).map((line) => line[0])).toEqual([
    'jane@example.edu',
    'zoe@example.edu',
    'x@example.edu',
    'p@example.edu',
    'm@example.edu',
    'a@example.edu',
    'lin@example.edu',
  ]);
  expect(byEmail.left_out).toEqual(['3: no email', '8: not on the roster']);
  const byNumber = moodleImport(gradebook, 'idnumber', 'Lab total');
  expect(read(byNumber.csv)).toEqual([
    [headers.moodle.idnumber, 'Full name', 'Lab total'],
    ['S1', 'Doe, Jane', '11'],
    ['S2', names.quotes, '4.5'],
    ['S3', names.accents, '1'],
  ]);
});

test('gradebook.csv: a status per exercise, a Points Possible row, names read back exactly', () => {
  const table = read(renderCsv(gradebook));
  expect(table[0]).toEqual([
    'student',
    'name',
    'email',
    'sis_id',
    'section',
    'late',
    'ex01',
    'ex01 status',
    'ex02',
    'ex02 status',
    'total',
    'max',
  ]);
  expect(table[1]).toEqual(['Points Possible', '', '', '', '', '', '8', '', '3', '', '11', '11']);
  expect(column(table, 'name').slice(1, 8)).toEqual(Object.values(names).map(shown));
  expect(column(table, 'late').slice(1)).toEqual(['', '', 'late', '', '', '', '', '', '']);
  expect(column(table, 'ex01 status').slice(1)).toEqual([
    'pass',
    'fail',
    'fail',
    'fail',
    'fail',
    'fail',
    'fail',
    'pass',
    'missing',
  ]);
});

test('--export writes the import files asked for; bad options are clear errors', () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'grader-exports-'));
  try {
    const options = exportOptions({ export: 'canvas,moodle,csv', moodleIdentifier: 'idnumber' })!;
    expect(options).toEqual({
      formats: ['canvas', 'moodle', 'csv'],
      moodle_identifier: 'idnumber',
    });
    const files = writeExports(out, gradebook, options);
    expect(files.map((file) => file.file)).toEqual(['canvas-import.csv', 'moodle-import.csv']);
    expect(fs.readdirSync(out).sort()).toEqual(['canvas-import.csv', 'moodle-import.csv']);
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
  expect(exportOptions({})).toBeUndefined();
  expect(() => exportOptions({ export: 'blackboard' })).toThrow(
    '--export must be canvas, moodle, csv; got "blackboard"',
  );
  expect(() => exportOptions({ export: 'moodle', moodleIdentifier: 'name' })).toThrow(
    '--moodle-identifier must be email or idnumber; got "name"',
  );
  expect(() => exportOptions({ assignment: 'Lab' })).toThrow(/go with --export canvas\|moodle/);
});
