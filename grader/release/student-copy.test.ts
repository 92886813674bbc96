import * as fs from 'fs';
import * as path from 'path';
import { loadCourse } from '../course/load';
import { graderRoot } from '../paths';
import { resolveImport, sourceFiles, specifiers } from '../test/import-graph';
import { temporaryFolder } from '../test/scratch';
import { STUDENT_COMMANDS } from './audience';
import { buildRelease, INSTRUCTOR_DEV_DEPENDENCIES } from './build';
import { studentLock } from './student-lock';

// The student copy holds what students run and nothing of the instructor's tools: no class
// grading, verify, mutation testing, release building or benchmarks, and none of the packages
// only those need, so a student's `npm ci` installs less.
const out = path.join(temporaryFolder('grader-student-copy-'), 'copy');
buildRelease(loadCourse(graderRoot), out);
const files = (() => {
  const found: string[] = [];
  const walk = (dir: string, prefix: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }))
      if (entry.isDirectory()) walk(path.join(dir, entry.name), `${prefix}${entry.name}/`);
      else found.push(`${prefix}${entry.name}`);
  };
  walk(out, '');
  return found;
})();
const readJson = (file: string) => JSON.parse(fs.readFileSync(path.join(out, file), 'utf8'));

test('no batch, verify, mutate, release-building or bench code is in the copy', () => {
  const instructorOnly = files.filter((file) =>
    /^grader\/(batch|verify|mutate|bench)\/|^grader\/commands\/(grade|merge|release|verify|demo|report|validate)\.ts$|^grader\/release\/(build|leaks|student-lock)\.ts$|^grader\/release\/templates\//.test(
      file,
    ),
  );
  expect(instructorOnly).toEqual([]);
  // What students run is there: their commands, the runner, the CI, the self-test.
  for (const kept of [
    'grader/cli.ts',
    'grader/commands/check.ts',
    'grader/commands/ci.ts',
    'grader/run/run-exercise.ts',
    'grader/release/student-self-test.ts',
    'grader/release/hidden.ts',
  ])
    expect(files).toContain(kept);
});

test("every import of the copy's grader resolves, but the instructor commands the student CLI never registers", () => {
  const root = path.join(out, 'grader');
  const unresolved: string[] = [];
  for (const file of sourceFiles(root))
    for (const specifier of specifiers(fs.readFileSync(path.join(root, file), 'utf8'))) {
      try {
        resolveImport(root, file, specifier);
      } catch {
        unresolved.push(`${file} -> ${specifier}`);
      }
    }
  const commands = unresolved.map(
    // The CLI loads each instructor command (and the bench and mutation tools) only when it runs.
    (line) => /^cli\/[\w-]+\.ts -> \.\.\/(?:commands|bench|mutate)\/([\w-]+)$/.exec(line)?.[1],
  );
  expect(unresolved.filter((_, at) => !commands[at])).toEqual([]);
  expect(commands).toContain('grade');
  for (const command of commands) expect(STUDENT_COMMANDS).not.toContain(command);
});

test('package.json and its lock leave out the instructor-only packages, and agree', () => {
  const packageJson = readJson('package.json');
  const lock = readJson('package-lock.json');
  for (const name of INSTRUCTOR_DEV_DEPENDENCIES) {
    expect(packageJson.devDependencies).not.toHaveProperty(name);
    expect(lock.packages).not.toHaveProperty(`node_modules/${name}`);
  }
  expect(packageJson.devDependencies).toHaveProperty('jest');
  expect(lock.packages['']).toMatchObject({
    dependencies: packageJson.dependencies,
    devDependencies: packageJson.devDependencies,
  });
  const original = JSON.parse(fs.readFileSync(path.join(graderRoot, 'package-lock.json'), 'utf8'));
  expect(Object.keys(lock.packages).length).toBeLessThan(Object.keys(original.packages).length);
  // Everything kept is exactly as the instructor's lock pinned it.
  for (const [location, entry] of Object.entries(lock.packages))
    if (location !== '') expect(entry).toEqual(original.packages[location]);
});

test('the lock keeps what the kept packages reach, resolved up the tree as npm does', () => {
  const lock = {
    lockfileVersion: 3,
    packages: {
      '': { dependencies: { a: '1' }, devDependencies: { tool: '1', big: '1' } },
      'node_modules/a': { version: '1', dependencies: { b: '1' } },
      'node_modules/a/node_modules/b': { version: '2', dependencies: { c: '1' } },
      'node_modules/b': { version: '1' },
      'node_modules/c': {
        version: '1',
        peerDependencies: { p: '1', q: '1' },
        peerDependenciesMeta: { q: { optional: true } },
      },
      'node_modules/p': { version: '1' },
      'node_modules/q': { version: '1' },
      'node_modules/tool': { version: '1', devDependencies: { never: '1' } },
      'node_modules/never': { version: '1' },
      'node_modules/big': { version: '1', dependencies: { b: '1' } },
    },
  };
  const pruned = studentLock(lock, { dependencies: { a: '1' }, devDependencies: { tool: '1' } });
  expect(Object.keys(pruned.packages)).toEqual([
    '',
    'node_modules/a',
    'node_modules/a/node_modules/b',
    'node_modules/c',
    'node_modules/p',
    'node_modules/tool',
  ]);
  expect(pruned.packages['']).toEqual({ dependencies: { a: '1' }, devDependencies: { tool: '1' } });
});
