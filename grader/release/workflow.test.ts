import * as fs from 'fs';
import * as path from 'path';
import { parseDocument } from 'yaml';
import { graderRoot } from '../paths';
import { runCli } from '../test/cli';
import { studentPackageJson, TEMPLATES } from './build';

// The workflows are YAML that GitHub must accept, and the commands they run must exist.

type Step = {
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
  name?: string;
};
type Workflow = {
  on: Record<string, unknown>;
  concurrency?: Record<string, unknown>;
  permissions: Record<string, string>;
  jobs: Record<string, { 'runs-on': string; env?: Record<string, string>; steps: Step[] }>;
};

function load(file: string): Workflow {
  const document = parseDocument(fs.readFileSync(file, 'utf8'), { uniqueKeys: true, strict: true });
  expect(document.errors.map((error) => error.message)).toEqual([]);
  expect(document.warnings.map((warning) => warning.message)).toEqual([]);
  return document.toJS() as Workflow;
}

const grade = load(path.join(TEMPLATES, 'grade.yml'));
const steps = grade.jobs.grade.steps;
const gradeStep = steps.find((step) => step.run?.includes('grader -- ci'))!;

test('the student workflow grades pull requests and pushes, read-only', () => {
  expect(Object.keys(grade.on)).toEqual(expect.arrayContaining(['push', 'pull_request']));
  expect(grade.permissions).toEqual({ contents: 'read' });
  expect(steps.map((step) => step.uses ?? step.run)).toEqual([
    'actions/checkout@v4',
    'actions/setup-node@v4',
    'npm ci',
    'actions/checkout@v4',
    gradeStep.run,
    'actions/upload-artifact@v4',
  ]);
  // The Node the course requires.
  const engines = JSON.parse(fs.readFileSync(path.join(graderRoot, 'package.json'), 'utf8')).engines
    .node as string;
  expect(engines).toMatch(new RegExp(`^>=${steps[1].with!['node-version']}\\b`));
});

/** A GitHub event, reduced to what decides whether the workflow's `on:` filters let it run. */
type GitHubEvent = { name: 'push'; branch: string } | { name: 'pull_request'; base: string };

/** Does the workflow run for this event? (branches filters of exact names or `*` globs.) */
function runsFor(workflow: Workflow, event: GitHubEvent): boolean {
  if (!(event.name in workflow.on)) return false;
  const filter = (workflow.on[event.name] ?? {}) as { branches?: string[] };
  const branch = event.name === 'push' ? event.branch : event.base;
  const glob = (pattern: string) =>
    new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}$`);
  return !filter.branches || filter.branches.some((pattern) => glob(pattern).test(branch));
}

test('a pull request from a branch of the same repository is graded once per commit, not twice', () => {
  // A commit pushed to `feature`, which has a pull request into main, fires both events.
  const fired: GitHubEvent[] = [
    { name: 'push', branch: 'feature' },
    { name: 'pull_request', base: 'main' },
  ];
  expect(fired.filter((event) => runsFor(grade, event))).toEqual([
    { name: 'pull_request', base: 'main' },
  ]);
  // The default branch is still graded on every push, and a pull request from a fork.
  expect(runsFor(grade, { name: 'push', branch: 'main' })).toBe(true);
  expect(runsFor(grade, { name: 'push', branch: 'master' })).toBe(true);
  expect(runsFor(grade, { name: 'pull_request', base: 'main' })).toBe(true);
  // The filter above would notice the old `push:` with no branches.
  expect(runsFor({ ...grade, on: { push: null } }, { name: 'push', branch: 'feature' })).toBe(true);
  // A newer commit on the same branch or pull request cancels the older run.
  expect(grade.concurrency).toEqual({
    group: 'grade-${{ github.ref }}',
    'cancel-in-progress': true,
  });
});

test('the grading step runs a script the student copy has, with options grader ci accepts', () => {
  const released = studentPackageJson(
    JSON.parse(fs.readFileSync(path.join(graderRoot, 'package.json'), 'utf8')),
  ) as { scripts: Record<string, string> };
  const [, script] = /npm run (\S+) --/.exec(gradeStep.run!)!;
  expect(released.scripts[script]).toContain('grader/cli.ts');
  const help = runCli(['ci', '--help']);
  expect(help.code).toBe(0);
  for (const option of gradeStep.run!.match(/--[a-z-]+/g)!) expect(help.stdout).toContain(option);
  expect(help.stdout).toContain('--no-fail');
});

test('hidden tests come only when the instructor configures them, without solutions/', () => {
  const fetch = steps[3];
  expect(fetch.if).toBe("${{ env.HIDDEN_TESTS_REPO != '' }}");
  expect(grade.jobs.grade.env!.HIDDEN_TESTS_REPO).toBe('${{ vars.GRADER_HIDDEN_TESTS_REPO }}');
  expect(fetch.with!['sparse-checkout']).toBe('exercises');
  expect(gradeStep.env!.GRADER_HIDDEN_TESTS).toBe(
    `\${{ env.HIDDEN_TESTS_REPO != '' && '${fetch.with!.path}' || '' }}`,
  );
});

test("the course author's workflow runs the project's CI and the full release", () => {
  const course = load(path.join(graderRoot, '.github', 'workflows', 'course.yml'));
  expect(course.jobs.test.steps.map((step) => step.run).filter(Boolean)).toEqual(['.ci/run']);
  const release = course.jobs.release.steps.find((step) => step.run?.includes('release'))!;
  expect(release.run).toMatch(/npm run grader -- release --out \S+ --runs 5/);
  expect(release.run).not.toContain('skip-verify');
});
