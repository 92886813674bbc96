import { renderJunit } from './junit';
import {
  documentOf,
  doesNotCompile,
  exerciseResult,
  passing,
  tricky,
} from './__fixtures__/results';
import { parseJunitXml } from '../test/junit-xml';

interface Case {
  name: string;
  classname: string;
  time: string;
  file?: string;
  line?: string;
  failure?: { message: string; type: string; '#text': string };
  error?: { message: string; type: string; '#text': string };
  skipped?: { message: string };
}
interface Suite {
  name: string;
  tests: string;
  failures: string;
  errors: string;
  skipped: string;
  properties: { property: { name: string; value: string }[] };
  testcase: Case[];
}

const parse = (xml: string) =>
  parseJunitXml<{ testsuites: { tests: string; failures: string; testsuite: Suite[] } }>(xml);

test('one suite per exercise, one case per test, with counts that add up', () => {
  const { testsuites } = parse(
    renderJunit(documentOf(exerciseResult(), passing()), { pathPrefix: 'exercises/' }),
  );
  expect(testsuites.tests).toBe('5');
  expect(testsuites.failures).toBe('3');
  const [ex03, ex01] = testsuites.testsuite;
  expect(ex03).toMatchObject({ name: 'ex03 The race and the lock', tests: '4', failures: '3' });
  expect(ex03.properties.property).toEqual([
    { name: 'score', value: '1' },
    { name: 'max_score', value: '6' },
  ]);
  expect(ex03.testcase.map((c) => c.name)).toEqual([
    'counts once',
    'ten workers, one lock: no update lost',
    'waits for the lock',
    'hidden test 1',
  ]);
  expect(ex03.testcase[0].failure).toBeUndefined();
  expect(ex03.testcase[0].classname).toBe('ex03-race-and-lock');
  expect(ex01).toMatchObject({ tests: '1', failures: '0', errors: '0' });
});

test('a failure carries the message (first line), the whole text, the student file and line', () => {
  const { testsuites } = parse(
    renderJunit(documentOf(exerciseResult()), { pathPrefix: 'exercises/' }),
  );
  const failed = testsuites.testsuite[0].testcase[1];
  expect(failed.file).toBe('exercises/ex03-race-and-lock/mutex.ts');
  expect(failed.line).toBe('14');
  expect(failed.time).toBe('0.300');
  expect(failed.failure!.type).toBe('fail');
  // Markup and quotes survive the trip through XML exactly.
  expect(failed.failure!.message).toBe('got 100% of 3:4, <b>&"quoted"</b> | `code`');
  expect(failed.failure!['#text']).toContain('<b>&"quoted"</b> | `code`');
  expect(failed.failure!['#text']).toContain('hint: use Atomics.compareExchange');
  expect(testsuites.testsuite[0].testcase[2].failure!.type).toBe('timeout');
});

test('code that does not compile is one error case, its tests skipped; absent hidden tests are one skipped case', () => {
  const { testsuites } = parse(
    renderJunit(documentOf(doesNotCompile()), { pathPrefix: 'exercises/' }),
  );
  const suite = testsuites.testsuite[0];
  expect(suite).toMatchObject({ tests: '3', failures: '0', errors: '1', skipped: '2' });
  const [compile, skipped, hidden] = suite.testcase;
  expect(compile.name).toBe('the code compiles');
  expect(compile.error!.type).toBe('compile');
  expect(compile.error!['#text']).toContain(
    "exercises/ex04-worker-queue/queue.ts:3:9 TS2322 Type 'string' is not assignable to type 'number'.",
  );
  expect(skipped.skipped!.message).toBe('skipped: the code does not compile');
  expect(hidden.name).toBe('2 hidden tests (4 points)');
  expect(hidden.skipped!.message).toBe('run when your work is graded');
});

test('characters XML cannot hold are dropped, so the report always parses', () => {
  const broken = exerciseResult({
    tests: [
      {
        name: 'bell \u0007 and null \u0000',
        visibility: 'visible',
        status: 'fail',
        score: 0,
        max_score: 1,
        message: 'escape \u001b[31mred\u001b[0m',
      },
    ],
  });
  const { testsuites } = parse(renderJunit(documentOf(broken)));
  expect(testsuites.testsuite[0].testcase[0].name).toBe('bell  and null ');
});
