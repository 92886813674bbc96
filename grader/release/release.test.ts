import { execFileSync, spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { release } from '../commands/release';
import { SKIP_VERIFY_FLAG } from './audience';
import { loadCourse, readCourse } from '../course/load';
import { graderRoot } from '../paths';
import { listFiles } from './archive';
import {
  buildRelease,
  STUDENT_TEST_SCRIPT,
  studentManifest,
  studentPackageJson,
  studentTsconfig,
} from './build';
import { STUDENT_MARKER } from './audience';
import { courseSecrets, findLeaks, formatLeak } from './leaks';
import {
  HIDDEN_TITLE,
  miniCourse,
  recorder,
  SOLUTION,
  VISIBLE_TITLE,
} from './__fixtures__/mini-course';
import { temporaryFolder } from '../test/scratch';
import { courseDigest, recordFile, writeProof } from '../verify/proof-record';

// The release without running anything: what goes in, what stays out, what stops it.
const temp = () => temporaryFolder('grader-release-');
const passes = { verify: async () => 0 };

/** Four lines of prose from the instructor's docs/ci.md, as a student README might quote them. */
function instructorParagraph(): string {
  const lines = fs.readFileSync(path.join(graderRoot, 'docs', 'ci.md'), 'utf8').split('\n');
  const start = lines.findIndex((_, index) =>
    lines.slice(index, index + 4).every((line) => /^[A-Za-z`].{20,}/.test(line)),
  );
  expect(start).toBeGreaterThan(-1);
  return lines.slice(start, start + 4).join('\n');
}

test('hidden tests keep points, visibility and time limit, but not their names or hints', () => {
  const manifest = {
    id: 'ex90',
    tests: [
      { name: 'visible one', points: 1, visibility: 'visible' as const, hint: 'kept' },
      { name: 'secret a', points: 2, visibility: 'hidden' as const, hint: 'says too much' },
      { name: 'secret b', points: 3, visibility: 'after_due_date' as const, timeoutMs: 900 },
    ],
  };
  expect(studentManifest(manifest)).toEqual({
    id: 'ex90',
    tests: [
      { name: 'visible one', points: 1, visibility: 'visible', hint: 'kept' },
      { name: 'hidden test 1', points: 2, visibility: 'hidden' },
      { name: 'hidden test 2', points: 3, visibility: 'after_due_date', timeoutMs: 900 },
    ],
  });
});

test('package.json keeps the student commands and formatting; npm test becomes the self-test', () => {
  const released = studentPackageJson({
    name: 'course',
    scripts: {
      check: 'node -r ./grader/runtime/register.js grader/cli.ts check',
      status: 'node grader/cli.ts status',
      hint: 'node grader/cli.ts hint',
      grader: 'node -r ./grader/runtime/register.js grader/cli.ts',
      format: 'prettier --write .',
      test: 'jest',
      demo: 'node grader/cli.ts demo',
      bench: 'node -r ./grader/runtime/register.js grader/cli.ts bench',
      verify: 'node grader/cli.ts verify',
      'prove:all': 'npm run grader -- verify --runs 3',
      grade: 'node grader/cli.ts grade',
      'check-solutions': 'npm run check -- --subject solutions',
      lint: 'eslint .',
    },
  });
  expect(released).toEqual({
    name: 'course',
    scripts: {
      check: 'node -r ./grader/runtime/register.js grader/cli.ts check',
      status: 'node grader/cli.ts status',
      hint: 'node grader/cli.ts hint',
      grader: 'node -r ./grader/runtime/register.js grader/cli.ts',
      format: 'prettier --write .',
      test: STUDENT_TEST_SCRIPT,
    },
  });
});

test('tsconfig: @subject/ points at exercises/ and solutions/ is no longer included', () => {
  const text = JSON.stringify({
    compilerOptions: { paths: { '@course/*': ['grader/*'], '@subject/*': ['solutions/*'] } },
    include: ['grader', 'exercises', 'solutions'],
  });
  expect(JSON.parse(studentTsconfig(text))).toEqual({
    compilerOptions: { paths: { '@course/*': ['grader/*'], '@subject/*': ['exercises/*'] } },
    include: ['grader', 'exercises'],
  });
});

test('a release holds starters, visible tests and the workflow; no solution, hidden test or its name', async () => {
  const root = miniCourse();
  const out = path.join(temp(), 'student');
  const io = recorder();
  expect(await release({ root, out, skipVerify: true }, io, passes)).toBe(0);
  const files = listFiles(out);
  expect(files).toEqual(
    expect.arrayContaining([
      '.github/workflows/grade.yml',
      'README.md',
      'package.json',
      'package-lock.json',
      'exercises/ex90-mini/sum.ts',
      'exercises/ex90-mini/README.md',
      'exercises/ex90-mini/tests/sum.test.ts',
      'grader/cli.ts',
      'grader/release/student-self-test.ts',
      STUDENT_MARKER,
      'schemas/result.schema.json',
    ]),
  );
  // Instructor documentation and tools stay behind, and the README links to nothing missing.
  expect(files.filter((file) => /^docs\/|^grader\/bench\//.test(file))).toEqual([]);
  const readme = fs.readFileSync(path.join(out, 'README.md'), 'utf8');
  const links = [...readme.matchAll(/\]\(([^)#:]+)\)/g)].map((match) => match[1]);
  expect(links).toEqual(['exercises/ex90-mini/README.md']);
  expect(links.filter((link) => !files.includes(link))).toEqual([]);
  expect(
    files.filter((file) => /^solutions\/|\/hidden\/|\/wrong\/|\.test\.ts$/.test(file)),
  ).toEqual(['exercises/ex90-mini/tests/sum.test.ts']);
  // The grader's own tests and fixture courses are not the students' business.
  expect(
    files.filter(
      (file) => file.startsWith('grader/') && /(^|\/)(test|__fixtures__|fixtures)\//.test(file),
    ),
  ).toEqual([]);
  for (const file of files)
    expect(fs.readFileSync(path.join(out, file), 'utf8')).not.toContain(HIDDEN_TITLE);

  // The student copy validates as it is: absent hidden tests are allowed, and counted.
  const { course, problems } = readCourse(out);
  expect(problems).toEqual([]);
  expect(course.exercises[0].tests.map((test) => [test.name, test.file !== undefined])).toEqual([
    [VISIBLE_TITLE, true],
    ['hidden test 1', false],
  ]);
  expect(JSON.parse(fs.readFileSync(path.join(out, 'package.json'), 'utf8')).scripts.test).toBe(
    STUDENT_TEST_SCRIPT,
  );
  expect(io.stderr).toContain(SKIP_VERIFY_FLAG);
  expect(io.stderr).toContain('WITHOUT verifying');
  expect(io.stdout).toContain('1 hidden test renamed and left out, no solutions, leak scan clean');
});

test('release runs verify first and refuses, writing nothing, when it fails', async () => {
  const root = miniCourse();
  const out = path.join(temp(), 'student');
  const calls: unknown[] = [];
  const io = recorder();
  const code = await release({ root, out, runs: 3 }, io, {
    verify: async ({ runs, root }) => {
      calls.push({ runs, root });
      return 1;
    },
  });
  expect(code).toBe(1);
  expect(calls).toEqual([{ runs: 3, root }]);
  expect(io.stderr).toContain(
    `Release refused: verify failed (above). Fix the course, or release anyway with ${SKIP_VERIFY_FLAG}.`,
  );
  expect(fs.existsSync(out)).toBe(false);
  expect(fs.readdirSync(path.dirname(out))).toEqual([]);
});

test.each([
  [
    'a hidden test title quoted in a README',
    (root: string) =>
      fs.appendFileSync(
        path.join(root, 'exercises/ex90-mini/README.md'),
        `\nThe grader checks that it ${HIDDEN_TITLE}.\n`,
      ),
    /exercises\/ex90-mini\/README.md:5: the title "sums a long list/,
  ],
  [
    'the solution pasted into a README',
    (root: string) =>
      fs.appendFileSync(
        path.join(root, 'exercises/ex90-mini/README.md'),
        `\n\`\`\`ts\n${SOLUTION}\`\`\`\n`,
      ),
    /README.md: the whole file of solution solutions\/ex90-mini\/sum.ts/,
  ],
  [
    'four lines of the solution in a visible helper',
    (root: string) =>
      fs.writeFileSync(
        path.join(root, 'exercises/ex90-mini/tests/helper.ts'),
        ['// a reference', ...SOLUTION.split('\n').slice(2, 6)].join('\n'),
      ),
    /tests\/helper.ts:2: 4 lines \("let total = 0;" ...\) of solution solutions\/ex90-mini\/sum.ts/,
  ],
  [
    'four lines of a hidden test in a README',
    (root: string) =>
      fs.appendFileSync(
        path.join(root, 'exercises/ex90-mini/README.md'),
        [
          '',
          '```ts',
          '  const many = Array.from({ length: 1000 }, (_, index) => index + 1);',
          '  const expected = (1000 * 1001) / 2;',
          '  const received = sum(many);',
          "  because('1 + 2 + ... + 1000 is 500500, the last element included', () =>",
          '```',
        ].join('\n'),
      ),
    /README.md:6: 4 lines \("const many = Array.from.*of hidden test exercises\/ex90-mini\/hidden\/sum.test.ts/,
  ],
  [
    'a paragraph of the instructor docs in a README',
    (root: string) =>
      fs.appendFileSync(
        path.join(root, 'exercises/ex90-mini/README.md'),
        `\n${instructorParagraph()}\n`,
      ),
    /exercises\/ex90-mini\/README.md:5: 4 lines .* of instructor documentation .*docs\/ci.md/,
  ],
])('release refuses to ship %s', async (_case, plant, expected) => {
  const root = miniCourse();
  plant(root);
  const out = path.join(temp(), 'student');
  const io = recorder();
  expect(await release({ root, out, skipVerify: true }, io, passes)).toBe(1);
  expect(io.stderr).toMatch(/Release refused: \d+ leaks? of what students must not see/);
  expect(io.stderr).toMatch(expected);
  expect(fs.existsSync(out)).toBe(false);
});

test('an instructor page is a leak at its path, whatever it says', () => {
  const copy = temp();
  fs.mkdirSync(path.join(copy, 'docs'));
  fs.writeFileSync(path.join(copy, 'docs', 'grading.md'), '# Rewritten\n');
  expect(findLeaks(copy, courseSecrets(loadCourse(miniCourse()))).map(formatLeak)).toEqual([
    `docs/grading.md: a page at the path of instructor documentation ${path.join(graderRoot, 'docs', 'grading.md')}`,
  ]);
});

test('a non-empty output folder is replaced only with --force, and its .git survives', async () => {
  const root = miniCourse();
  const out = temp();
  fs.mkdirSync(path.join(out, '.git'));
  fs.writeFileSync(path.join(out, '.git', 'HEAD'), 'ref: refs/heads/main\n');
  fs.writeFileSync(path.join(out, 'stale.txt'), 'from the last release');
  await expect(release({ root, out, skipVerify: true }, recorder(), passes)).rejects.toThrow(
    /is not empty .* add --force/,
  );
  expect(await release({ root, out, skipVerify: true, force: true }, recorder(), passes)).toBe(0);
  expect(fs.existsSync(path.join(out, 'stale.txt'))).toBe(false);
  expect(fs.readFileSync(path.join(out, '.git', 'HEAD'), 'utf8')).toBe('ref: refs/heads/main\n');
  expect(fs.existsSync(path.join(out, 'exercises/ex90-mini/sum.ts'))).toBe(true);
});

test('an output folder inside what the release copies from is refused', async () => {
  const root = miniCourse();
  await expect(
    release(
      { root, out: path.join(root, 'exercises', 'out'), skipVerify: true },
      recorder(),
      passes,
    ),
  ).rejects.toThrow(/is inside .*exercises, which the release copies from/);
  await expect(
    release({ root, out: path.dirname(root), skipVerify: true }, recorder(), passes),
  ).rejects.toThrow(/holds the course itself/);
});

test('the real course releases with valid manifests and no leak', () => {
  const course = loadCourse(graderRoot);
  const out = temp();
  const built = buildRelease(course, out);
  expect(readCourse(out).problems).toEqual([]);
  expect(findLeaks(out, courseSecrets(course)).map(formatLeak)).toEqual([]);
  expect(built.hiddenTestsRemoved).toBe(
    course.exercises.flatMap((exercise) => exercise.tests.filter((t) => t.visibility !== 'visible'))
      .length,
  );
});

test('a course with uncommitted changes is refused; --committed ships what HEAD holds, and says so', async () => {
  const root = miniCourse();
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], {
      cwd: root,
    });
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-q', '-m', 'course');
  // The instructor solved ex90 in place to try something, and forgot.
  const starter = path.join(root, 'exercises', 'ex90-mini', 'sum.ts');
  const committedStarter = fs.readFileSync(starter, 'utf8');
  fs.writeFileSync(starter, SOLUTION);
  fs.writeFileSync(path.join(root, 'notes.txt'), 'scratch\n');

  const out = path.join(temp(), 'copy');
  const refused = recorder();
  expect(await release({ root, out, skipVerify: true }, refused, passes)).toBe(1);
  expect(refused.stderr).toContain(
    'Release refused: 2 uncommitted changes would ship as they are:\n   M exercises/ex90-mini/sum.ts\n  ?? notes.txt\nCommit or stash them, or release what is committed with --committed.',
  );
  expect(fs.existsSync(out)).toBe(false);

  const verified: string[] = [];
  const shipped = recorder();
  const code = await release({ root, out, committed: true, runs: 1 }, shipped, {
    verify: async (options) => (verified.push(options.root!), 0),
  });
  expect(code).toBe(0);
  const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
    cwd: root,
    encoding: 'utf8',
  });
  expect(shipped.stdout).toContain(
    `Releasing what is committed (${head.trim()}); 2 uncommitted changes are left out.`,
  );
  // verify proved the committed course, and the committed starter is what students get.
  expect(verified).toHaveLength(1);
  expect(verified[0]).not.toBe(root);
  expect(fs.readFileSync(path.join(out, 'exercises', 'ex90-mini', 'sum.ts'), 'utf8')).toBe(
    committedStarter,
  );
  expect(fs.existsSync(path.join(out, 'notes.txt'))).toBe(false);
  expect(fs.existsSync(verified[0])).toBe(false);
});

test('a verify of this exact tree is reused; a changed tree is verified again, with an estimate first', async () => {
  const root = miniCourse();
  // A tree of its own: a kept proof of the plain mini course would be reused by other tests.
  fs.appendFileSync(path.join(root, 'solutions/ex90-mini/sum.ts'), `// ${path.basename(root)}\n`);
  const course = loadCourse(root);
  const proof = recordFile(courseDigest(course));
  try {
    writeProof({
      version: 1,
      course_digest: courseDigest(course),
      runs: 5,
      variants: 3,
      variant_runs: 11,
      seconds: 22,
      verified_at: '2026-12-06T05:00:00.000Z',
    });
    const calls: unknown[] = [];
    const spy = { verify: async (options: unknown) => (calls.push(options), 0) };
    const reused = recorder();
    expect(await release({ root, out: path.join(temp(), 'a'), runs: 3 }, reused, spy)).toBe(0);
    expect(calls).toEqual([]);
    expect(reused.stdout).toContain(
      `Verify passed for this exact tree at 2026-12-06T05:00:00.000Z (course hash ${courseDigest(course).slice(0, 12)}, 5 runs of 3 variants): not run again.`,
    );
    // One character of a solution changed: proved again, and what that costs is said first.
    fs.appendFileSync(path.join(root, 'solutions', 'ex90-mini', 'sum.ts'), '\n');
    const again = recorder();
    expect(await release({ root, out: path.join(temp(), 'b'), runs: 3 }, again, spy)).toBe(0);
    expect(calls).toHaveLength(1);
    expect(again.stdout).toMatch(
      /Verifying the course before releasing it: 3 variants, 7 runs \(3 each\), about \d+ s on this machine \(the last verify took \d+\.\d s a run\)\. Progress below; Ctrl-C stops it\./,
    );
  } finally {
    fs.rmSync(proof, { force: true });
  }
});

test('a release stopped by Ctrl-C during verify kills its tests, releases nothing and leaves no grader-run-* behind', async () => {
  const scratch = temp();
  const out = path.join(temp(), 'copy');
  const runDirs = () => fs.readdirSync(scratch).filter((name) => name.startsWith('grader-run-'));
  const child = spawn(
    process.execPath,
    ['-r', './grader/runtime/register.js', 'grader/release/__fixtures__/release-mini.ts', out],
    // TMPDIR: where runExercise makes its grader-run-* folders, here and in the tests it starts.
    {
      cwd: graderRoot,
      env: { ...process.env, TMPDIR: scratch },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  const deadline = Date.now() + 60_000;
  while (runDirs().length === 0 && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 50));
  expect(runDirs().length).toBeGreaterThan(0); // a test run was under way
  child.kill('SIGINT');
  expect(await exited).toBe(130);
  expect(output).toContain('Release stopped: nothing was released');
  expect(runDirs()).toEqual([]);
  expect(fs.existsSync(out)).toBe(false);
  expect(fs.readdirSync(path.dirname(out))).toEqual([]);
}, 120_000);
