import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { planTests } from '../jest/channel';
import { graderRoot } from '../paths';
import { attemptVerdicts } from '../run/attempt-verdicts';
import { Attempt, startJestAttempt } from '../run/jest-attempt';
import { LIMITS } from '../run/limits';
import { prewarm } from '../run/prewarm';
import { fixtureExercise, solutionSource, solutionWith, subjectWith } from './fixture-course';

// Records real attempts of the fixture course's tests, one per way a run or a test can end, as the golden
// cases of grader/run/attempt-verdicts.test.ts:
//   node -r ./grader/runtime/register.js grader/test/record-attempts.ts
// Each file holds the attempt (events, confirmed passes, stop, stuck reports, output) with the
// subject's and the grader's folders written as <subject> and <grader>, and the verdicts the pure
// function gave when it was recorded. Read a new recording's verdicts before committing it.

export const ATTEMPTS_DIR = path.join(graderRoot, 'grader', 'run', 'fixtures', 'attempts');

const exercise = fixtureExercise();
const CASES: { name: string; source: string; file: 'tests' | 'hidden' }[] = [
  { name: 'all-pass', source: solutionSource(), file: 'tests' },
  { name: 'assertion-fails', source: solutionWith('add', '  return a - b;'), file: 'tests' },
  {
    name: 'throws-at-import',
    source: `throw new Error('broken on purpose');\n${solutionSource()}`,
    file: 'tests',
  },
  {
    name: 'main-thread-loop',
    source: solutionWith('countdown', '  while (true) {}'),
    file: 'hidden',
  },
  {
    name: 'exits-in-test',
    source: solutionWith('countdown', '  process.exit(3);'),
    file: 'hidden',
  },
  { name: 'loops-at-import', source: `while (true) {}\n${solutionSource()}`, file: 'tests' },
  {
    // Nothing pending could settle the await: the setup ends it as hung, before its limit.
    name: 'hangs',
    source: solutionWith('askWorker', '  return new Promise(() => undefined);'),
    file: 'tests',
  },
  {
    // A timer a minute away could still settle it: the setup ends it at its limit.
    name: 'past-its-limit',
    source: solutionWith(
      'countdown',
      '  return new Promise<number[]>((resolve) => setTimeout(() => resolve([]), 60_000)) as unknown as number[];',
    ),
    file: 'hidden',
  },
];

export interface RecordedAttempt {
  /** The student's file as it was: stack locations are mapped through its source map. */
  source: string;
  pending: string[];
  attempt: Omit<Attempt, 'passed' | 'stuck' | 'overruns'> & {
    passed: string[];
    stuck: [string, unknown][];
    overruns: [string, unknown][];
  };
  expected: { decided: [string, unknown][]; tampering: string[] };
}

const placeholders = (subjectRoot: string) => (text: string) =>
  text.split(subjectRoot).join('<subject>').split(graderRoot).join('<grader>');

async function record(name: string, source: string, folder: 'tests' | 'hidden') {
  const subjectRoot = subjectWith(source);
  const tests = exercise.tests.filter((test) => test.file?.includes(`/${folder}/`));
  const testFile = tests[0].file!;
  const studentFiles = exercise.files.map((file) => path.join(subjectRoot, exercise.folder, file));
  prewarm(studentFiles);
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'grader-record-'));
  try {
    const started = startJestAttempt(
      {
        testFile,
        tests: planTests(tests),
        subjectRoot,
        exerciseDir: exercise.dir,
        sandbox: { kind: 'none', reason: 'recording' },
        workDir,
      },
      false,
    );
    // A busy machine may take many seconds to load jest; a loop at import is stopped by its CPU time.
    const attempt = await started.go({ loadLimitMs: 60_000, loadCpuMs: LIMITS.loadCpuMs });
    const roots = { subjectRoot, graderRoot, studentFiles };
    const verdicts = attemptVerdicts(attempt, tests, roots);
    const anonymous = placeholders(subjectRoot);
    const recorded: RecordedAttempt = {
      source,
      pending: tests.map((test) => test.name),
      attempt: {
        ...attempt,
        passed: [...attempt.passed],
        stuck: [...attempt.stuck],
        overruns: [...attempt.overruns],
      },
      expected: { decided: [...verdicts.decided], tampering: verdicts.tampering },
    };
    const text = anonymous(JSON.stringify(recorded, null, 2));
    fs.writeFileSync(path.join(ATTEMPTS_DIR, `${name}.json`), `${text}\n`);
    console.log(`${name}: ${attempt.stop.kind}, ${verdicts.decided.size} decided`);
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}

async function main() {
  fs.mkdirSync(ATTEMPTS_DIR, { recursive: true });
  for (const each of CASES) await record(each.name, each.source, each.file);
}

if (require.main === module)
  main().then(
    () => process.exit(0),
    (error: Error) => {
      console.error(error.stack);
      process.exit(1);
    },
  );
