import * as fs from 'fs';
import * as path from 'path';
import { findExercise } from '../course/find';
import { loadCourse } from '../course/load';
import { graderRoot } from '../paths';
import { schemaProblems } from '../schemas';
import { createWorkspace, placeStudentFiles } from '../run/workspace';
import { solutionDir } from '../course/layout';
import { runCli } from './cli';
import { temporaryFolder } from './scratch';

const course = loadCourse(graderRoot);
const exercise = findExercise(course, 'ex03');
// What is checked for real: ex01's tests run in a fraction of a second where ex03's races run for
// seconds, several times each, and the command's behaviour is the same.
const quick = findExercise(course, 'ex01');

test('an unknown exercise exits 2 and lists the valid ones', () => {
  const { code, stderr } = runCli(['check', 'ex99']);
  expect(code).toBe(2);
  expect(stderr).toContain('There is no exercise "ex99". The exercises are:');
  expect(stderr).toContain(`${exercise.id}  ${exercise.slug}`);
});

test('an unknown command exits 2 with usage', () => {
  const { code, stderr } = runCli(['grde']);
  expect(code).toBe(2);
  expect(stderr).toMatch(/Unknown argument: grde/);
});

test('check names its exercise optionally and takes --repeat, a whole number of runs', () => {
  const help = runCli(['check', '--help']);
  expect(help.code).toBe(0);
  expect(help.stdout).toContain('grader check [exercise]');
  expect(help.stdout).toMatch(/--repeat\s+Run the tests this many times/);
  const { code, stderr } = runCli(['check', exercise.id, '--repeat', '0']);
  expect(code).toBe(2);
  expect(stderr).toContain('--repeat takes a whole number of runs from 1 to 100');
});

test('grade takes --jobs and --spare-jobs as whole numbers, and says so', () => {
  const help = runCli(['grade', '--help']);
  expect(help.stdout).toMatch(/--spare-jobs\s+While jobs look stuck/);
  for (const [flag, value, rule] of [
    ['--jobs', '0', '--jobs must be a whole number of at least 1'],
    ['--spare-jobs', '-1', '--spare-jobs must be a whole number, 0 or more'],
    ['--spare-jobs', '1.5', '--spare-jobs must be a whole number, 0 or more'],
  ]) {
    const { code, stderr } = runCli(['grade', 'nowhere', '--out', 'nowhere-out', flag, value]);
    expect({ code, stderr: stderr.trim() }).toEqual({
      code: 2,
      stderr: expect.stringContaining(rule),
    });
  }
});

test('validate passes on the course', () => {
  const { code, stdout, stderr } = runCli(['validate']);
  expect(stderr).toBe('');
  expect(code).toBe(0);
  expect(stdout).toMatch(/\d+ exercises, all manifests valid/);
});

test('check on the starter exits 1 with per-test feedback', () => {
  const { code, stdout } = runCli(['check', quick.id]);
  expect(code).toBe(1);
  expect(stdout).toMatch(/ (FAIL|TIME) {2}/);
  expect(stdout).toMatch(/Score: 0\/\d+ points/);
});

test('check on a copy of the solution passes and writes a valid, redacted result document', () => {
  const workspace = createWorkspace();
  placeStudentFiles(workspace, quick, solutionDir(course, quick));
  const json = path.join(temporaryFolder('grader-json-'), 'result.json');
  const { code, stdout } = runCli([
    'check',
    quick.slug,
    '--subject',
    workspace.root,
    '--json',
    json,
    '--repeat',
    '2',
  ]);
  // Each test passed in each run asked for.
  expect(stdout).toMatch(/All tests passed in each of 2 runs\./);
  expect(code).toBe(0);
  const document = JSON.parse(fs.readFileSync(json, 'utf8'));
  expect(schemaProblems('result', document, json)).toEqual([]);
  expect(document.status).toBe('pass');
  expect(document.score).toBe(document.max_score);
  const hiddenNames = quick.tests
    .filter((test) => test.visibility !== 'visible')
    .map((test) => test.name);
  expect(hiddenNames.length).toBeGreaterThan(0);
  const written = fs.readFileSync(json, 'utf8');
  for (const name of hiddenNames) expect(written).not.toContain(name);
  workspace.dispose();
});

test('list shows every exercise with its state', () => {
  const { code, stdout } = runCli(['list']);
  expect(code).toBe(0);
  for (const each of course.exercises) expect(stdout).toContain(each.title);
  expect(stdout).toMatch(/\d+ of \d+ exercises done/);
});
