import { XMLBuilder } from 'fast-xml-parser';
import type { ExerciseResult, ResultDocument, TestResult } from '../result/types';
import { shownToStudent } from '../course/visibility';

// JUnit XML as CI systems read it (the de-facto schema of Ant's junitreport, which GitLab, Jenkins,
// Azure Pipelines and the GitHub test-report actions accept): one <testsuite> per exercise, one
// <testcase> per test. Render a redacted document: whatever is in it is shown.

interface JunitOptions {
  /** Turns a subject-relative path into one relative to the repository root, e.g. "exercises/". */
  pathPrefix?: string;
}

export function renderJunit(document: ResultDocument, options: JunitOptions = {}): string {
  const prefix = options.pathPrefix ?? '';
  const suites = document.exercises.map((exercise) => suiteFor(exercise, document, prefix));
  const totals = suites.reduce(
    (sum, suite) => ({
      tests: sum.tests + suite.counts.tests,
      failures: sum.failures + suite.counts.failures,
      errors: sum.errors + suite.counts.errors,
      skipped: sum.skipped + suite.counts.skipped,
    }),
    { tests: 0, failures: 0, errors: 0, skipped: 0 },
  );
  const time = document.exercises.reduce((sum, exercise) => sum + exercise.duration_ms, 0);
  return builder.build({
    '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' },
    testsuites: {
      ...attributes({ name: `grader: ${document.subject}`, ...totals, time: seconds(time) }),
      testsuite: suites.map((suite) => suite.element),
    },
  });
}

// fast-xml-parser escapes &, <, > and quotes; what XML 1.0 cannot hold at all is dropped first.
const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  format: true,
  indentBy: '  ',
  suppressEmptyNode: true,
});

interface Case {
  name: string;
  time?: number;
  file?: string;
  line?: number;
  failure?: { type: string; message: string; body: string };
  error?: { type: string; message: string; body: string };
  skipped?: string;
}

function suiteFor(exercise: ExerciseResult, document: ResultDocument, prefix: string) {
  const folder = `${exercise.id}-${exercise.slug}`;
  const cases: Case[] = [];
  if (exercise.status === 'error') {
    // Nothing ran: the reason is one error case, the tests are skipped because of it.
    const body = exercise.compile.ok
      ? (exercise.message ?? 'nothing could run')
      : exercise.compile.diagnostics
          .map((d) => `${prefix}${d.file}:${d.line}:${d.column} ${d.code} ${d.message}`)
          .join('\n');
    const first = exercise.compile.diagnostics[0];
    cases.push({
      name: exercise.compile.ok ? 'the files are present' : 'the code compiles',
      file: first ? prefix + first.file : undefined,
      line: first?.line,
      error: {
        type: exercise.compile.ok ? 'error' : 'compile',
        message: firstLine(exercise.message ?? body),
        body,
      },
    });
  }
  for (const test of exercise.tests) cases.push(caseFor(test, prefix));
  if (exercise.style && exercise.style.max_score > 0) {
    cases.push({
      name: 'the code is formatted (prettier)',
      failure: exercise.style.ok
        ? undefined
        : {
            type: 'style',
            message: `prettier would reformat ${exercise.style.unformatted.join(', ')}`,
            body: `npx prettier --write ${exercise.style.unformatted.map((file) => prefix + file).join(' ')}`,
          },
    });
  }
  if (exercise.hidden.absent_count > 0) {
    cases.push({
      name: `${exercise.hidden.absent_count} hidden test${exercise.hidden.absent_count === 1 ? '' : 's'} (${points(exercise.hidden.absent_points)} points)`,
      skipped: 'run when your work is graded',
    });
  }
  const counts = {
    tests: cases.length,
    failures: cases.filter((c) => c.failure).length,
    errors: cases.filter((c) => c.error).length,
    skipped: cases.filter((c) => c.skipped !== undefined).length,
  };
  const element = {
    ...attributes({
      name: `${exercise.id} ${exercise.title}`,
      ...counts,
      time: seconds(exercise.duration_ms),
      timestamp: document.generated_at,
    }),
    properties: {
      property: [
        attributes({ name: 'score', value: points(exercise.score) }),
        attributes({ name: 'max_score', value: points(exercise.max_score) }),
      ],
    },
    testcase: cases.map((c) => caseElement(c, folder)),
  };
  return { counts, element };
}

function caseFor(test: TestResult, prefix: string): Case {
  const location = test.location
    ? { file: prefix + test.location.file, line: test.location.line }
    : {};
  const time = test.duration_ms;
  const body = [
    test.message ?? (shownToStudent(test) ? '' : 'a hidden test: its message is not shown'),
    test.location
      ? `at ${prefix}${test.location.file}:${test.location.line}:${test.location.column}`
      : '',
    test.hint ? `hint: ${test.hint}` : '',
    `${points(test.score)}/${points(test.max_score)} points`,
  ]
    .filter(Boolean)
    .join('\n');
  switch (test.status) {
    case 'pass':
      return { name: test.name, time, ...location };
    case 'skipped':
      return { name: test.name, skipped: test.message ?? 'skipped' };
    case 'timeout':
    case 'fail':
      return {
        name: test.name,
        time,
        ...location,
        failure: {
          type: test.status,
          message: firstLine(test.message ?? (test.status === 'timeout' ? 'timed out' : 'failed')),
          body,
        },
      };
  }
}

function caseElement(c: Case, classname: string): Record<string, unknown> {
  const outcome = (detail: { type: string; message: string; body: string }) => ({
    ...attributes({ message: detail.message, type: detail.type }),
    '#text': clean(detail.body),
  });
  return {
    ...attributes({
      name: c.name,
      classname,
      time: seconds(c.time ?? 0),
      file: c.file,
      line: c.line,
    }),
    ...(c.failure ? { failure: outcome(c.failure) } : {}),
    ...(c.error ? { error: outcome(c.error) } : {}),
    ...(c.skipped !== undefined ? { skipped: attributes({ message: c.skipped }) } : {}),
  };
}

function attributes(values: Record<string, string | number | undefined>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(values)
      .filter(([, value]) => value !== undefined)
      .map(([key, value]) => [`@_${key}`, clean(String(value))]),
  );
}

// Characters XML 1.0 does not allow at all (most C0 controls), even escaped.
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
const clean = (value: string) => value.replace(FORBIDDEN, '');

const seconds = (ms: number) => (ms / 1000).toFixed(3);
const points = (value: number) => String(Math.round(value * 100) / 100);
const firstLine = (value: string) => value.split(/\r?\n/)[0].slice(0, 300);
