import * as fs from 'fs';
import * as path from 'path';
import { loadCourse } from '../course/load';
import type { Exercise } from '../course/types';
import { temporaryFolder } from './scratch';

/** A tiny course of one exercise, so the grader's own tests do not depend on the real ones. */
export const fixtureRoot = path.join(__dirname, 'fixtures', 'course');

export function fixtureExercise(): Exercise {
  return loadCourse(fixtureRoot).exercises[0];
}

export const solutionSource = () =>
  fs.readFileSync(path.join(fixtureRoot, 'solutions', 'ex90-fixture', 'calc.ts'), 'utf8');

/** A subject root holding one version of the fixture's student file. */
export function subjectWith(source: string | undefined): string {
  const root = temporaryFolder('grader-fixture-');
  fs.mkdirSync(path.join(root, 'ex90-fixture'));
  if (source !== undefined) fs.writeFileSync(path.join(root, 'ex90-fixture', 'calc.ts'), source);
  return root;
}

/** The solution with one function's body replaced. */
export function solutionWith(functionName: string, body: string): string {
  const source = solutionSource();
  const start = source.indexOf(`export function ${functionName}(`);
  const open = source.indexOf('{', source.indexOf(')', start));
  const close = source.indexOf('\n}\n', open);
  return `${source.slice(0, open + 1)}\n${body}\n${source.slice(close + 1)}`;
}
