import type { ExerciseResult, ResultDocument, TestResult } from '../../result/types';

// Result documents for the reporters' tests: every state a reporter must render, with text that
// needs escaping in each format (%, CR/LF, ':' and ',', '|', '<', '&', quotes, backticks).

export const tricky = 'got 100% of 3:4, <b>&"quoted"</b> | `code`\r\nsecond line';

export function testResult(overrides: Partial<TestResult> & { name: string }): TestResult {
  return { visibility: 'visible', status: 'pass', score: 1, max_score: 1, ...overrides };
}

export function exerciseResult(overrides: Partial<ExerciseResult> = {}): ExerciseResult {
  return {
    id: 'ex03',
    slug: 'race-and-lock',
    title: 'The race and the lock',
    status: 'fail',
    score: 1,
    max_score: 6,
    duration_ms: 1234,
    compile: { ok: true, diagnostics: [] },
    tests: [
      testResult({ name: 'counts once', duration_ms: 12 }),
      testResult({
        name: 'ten workers, one lock: no update lost',
        status: 'fail',
        score: 0,
        max_score: 2,
        message: tricky,
        location: { file: 'ex03-race-and-lock/mutex.ts', line: 14, column: 7 },
        hint: 'use Atomics.compareExchange',
        duration_ms: 300,
      }),
      testResult({
        name: 'waits for the lock',
        status: 'timeout',
        score: 0,
        max_score: 1,
        message: 'timed out after 5 s',
      }),
      testResult({
        name: 'hidden test 1',
        visibility: 'hidden',
        status: 'fail',
        score: 0,
        max_score: 2,
      }),
    ],
    hidden: { absent_count: 0, absent_points: 0 },
    hints: ['one cell of shared memory'],
    ...overrides,
  };
}

export function doesNotCompile(): ExerciseResult {
  return exerciseResult({
    id: 'ex04',
    slug: 'worker-queue',
    title: 'A queue between workers',
    status: 'error',
    score: 0,
    max_score: 3,
    message: 'does not compile: 1 type error; fix ex04-worker-queue/queue.ts:3 first',
    compile: {
      ok: false,
      diagnostics: [
        {
          file: 'ex04-worker-queue/queue.ts',
          line: 3,
          column: 9,
          code: 'TS2322',
          message: "Type 'string' is not assignable to type 'number'.",
        },
      ],
    },
    tests: [
      testResult({
        name: 'passes items in order',
        status: 'skipped',
        score: 0,
        max_score: 3,
        message: 'skipped: the code does not compile',
      }),
    ],
    hidden: { absent_count: 2, absent_points: 4 },
  });
}

export function passing(): ExerciseResult {
  return exerciseResult({
    id: 'ex01',
    slug: 'generator-tasks',
    title: 'Cooperative tasks',
    status: 'pass',
    score: 2,
    max_score: 2,
    tests: [testResult({ name: 'runs tasks', max_score: 2, score: 2, duration_ms: 5 })],
  });
}

export function documentOf(...exercises: ExerciseResult[]): ResultDocument {
  const score = exercises.reduce((sum, exercise) => sum + exercise.score, 0);
  const max = exercises.reduce((sum, exercise) => sum + exercise.max_score, 0);
  return {
    version: 1,
    subject: 'exercises/',
    status: exercises.every((exercise) => exercise.status === 'pass') ? 'pass' : 'fail',
    score,
    max_score: max,
    generated_at: '2026-01-01T00:00:00.000Z',
    exercises,
  };
}

export const studentFiles = {
  ex01: ['tasks.ts'],
  ex03: ['counter.ts', 'mutex.ts'],
  ex04: ['queue.ts'],
};
