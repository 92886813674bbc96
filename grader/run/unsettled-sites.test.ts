import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { TestSpec } from '../course/types';
import { clampedOverrun } from './channel-values';
import { overran } from './test-results';
import { unsettledLine, unsettledLocation, unsettledSites } from './unsettled-sites';

// What runtime/promise-sites.js reports of a never-settling join, read back in the student's
// terms. The student's file is plain JavaScript here (no source map): positions stay as they ran.
const subjectRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'unsettled-'));
const file = path.join(subjectRoot, 'ex02-threads-and-join', 'threads.js');
fs.mkdirSync(path.dirname(file), { recursive: true });
fs.writeFileSync(file, '// a student file\n');
afterAll(() => fs.rmSync(subjectRoot, { recursive: true, force: true }));
const roots = { subjectRoot, graderRoot: '/grader', studentFiles: [file] };

const created = {
  made: 'created' as const,
  at: { fn: 'Thread.start', url: file, line: 19, col: 19 },
  awaited: { fn: 'runThreads', url: file, line: 71, col: 4 },
};
const started = { made: 'started' as const, at: { fn: 'runThreads', url: file, line: 65, col: 0 } };
const elsewhere = {
  made: 'created' as const,
  at: { fn: 'helper', url: '/course/hidden/held.ts', line: 3, col: 2 },
};

const test_: TestSpec = {
  name: 'join resolves with the result',
  visibility: 'visible',
  points: 1,
  timeoutMs: 5000,
} as TestSpec;

test('the first promise made with new Promise is named, with where the student waited on it', () => {
  const sites = unsettledSites([elsewhere, started, created], roots);
  // Frames outside the student's files are dropped (a hidden helper's promise names no place).
  expect(sites.map((site) => site.at.function)).toEqual(['runThreads', 'Thread.start']);
  expect(unsettledLine(sites)).toBe(
    'The promise your Thread.start() made at threads.js:20 never settled; your code waited on it at threads.js:72 (runThreads) (another of your promises never settled either).',
  );
  expect(unsettledLocation(sites)).toEqual({
    file: 'ex02-threads-and-join/threads.js',
    line: 20,
    column: 20,
  });
});

test('an async function that never finished is named when no new Promise is left', () => {
  const sites = unsettledSites([started], roots);
  expect(unsettledLine(sites)).toBe('Your runThreads(), started at threads.js:66, never finished.');
  expect(unsettledLine(unsettledSites([elsewhere], roots))).toBeUndefined();
});

test('a hung test and a test at its limit point at the promise when no thread waits in student code', () => {
  const hung = overran(
    test_,
    { why: 'hung', afterMs: 1200, threads: [], unsettled: [created] },
    roots,
  );
  expect(hung.message).toMatch(/^hung: stopped after 1.2 s/);
  expect(hung.message).toContain(
    'The promise your Thread.start() made at threads.js:20 never settled',
  );
  expect(hung.location).toEqual({ file: 'ex02-threads-and-join/threads.js', line: 20, column: 20 });
  const late = overran(test_, { why: 'time-limit', limitMs: 5000, unsettled: [created] }, roots);
  expect(late.message).toMatch(/^timed out after 5 s/);
  expect(late.location).toEqual(hung.location);
  // Nothing reported: the verdicts are as before, with no location.
  expect(overran(test_, { why: 'time-limit', limitMs: 5000 }, roots).location).toBeUndefined();
});

test('the unsettled promises of an over line are checked like every channel value', () => {
  const line = { why: 'time-limit', limitMs: 5000 };
  expect(clampedOverrun({ ...line, unsettled: [created] })).toEqual({
    ...line,
    unsettled: [created],
  });
  expect(clampedOverrun({ ...line, unsettled: [] })).toEqual(line);
  for (const bad of [
    'not a list',
    [{ made: 'guessed', at: created.at }],
    [{ made: 'created', at: { ...created.at, line: -1 } }],
    [{ made: 'created', at: created.at, awaited: 'here' }],
    Array.from({ length: 9 }, () => created),
  ])
    expect(clampedOverrun({ ...line, unsettled: bad })).toBeUndefined();
  const long = { ...created, at: { ...created.at, fn: 'x'.repeat(5000) } };
  expect(clampedOverrun({ ...line, unsettled: [long] })?.unsettled?.[0].at.fn).toHaveLength(512);
});
