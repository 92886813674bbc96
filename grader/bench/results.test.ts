import { assertValid } from '../schemas';
import { summedTestDurations } from './check-latency';
import { renderResults } from './report';
import { BenchResults, parseParts, PARTS } from './results';
import { classMix, kindOf } from './sample-class';
import { scalingRows } from './scaling';
import { perMinute } from './stats';
import { rightVerdicts } from './batch';
import { jobCostRow } from './job-cost';
import { regradeRow } from './regrade';

const MB = 1024 * 1024;

/** A grade run in which every verdict was right. */
const gradeRun = (submissions: number, ms: number, rssMb: number, cpuMs: number) => ({
  submissions,
  ms,
  per_minute: perMinute(submissions, ms),
  peak_rss_bytes: rssMb * MB,
  cpu_ms: cpuMs,
  verdicts_right: submissions,
});

function sampleResults(): BenchResults {
  return {
    version: 1,
    date: '2026-12-01T06:00:00.000Z',
    cores: 2,
    node: 'v20.20.2',
    platform: 'linux x64',
    load_average: [3.1, 2, 1.5],
    parts: ['check', 'watch', 'batch', 'jobs', 'scaling'],
    check: [
      {
        exercise: 'ex01',
        check_ms: 1900,
        check_runs_ms: [1800, 1900, 2500],
        trivial_jest_ms: 280,
        tests_ms: 20,
        vs_trivial_jest: 1900 / 280,
        vs_tests: 95,
        retried: 1,
      },
    ],
    watch: [{ exercise: 'ex01', rerun_ms: 450, rerun_runs_ms: [400, 450, 900], retried: 0 }],
    batch: {
      exercises: ['ex01'],
      mix: classMix(30),
      grade: gradeRun(30, 60_000, 500, 100_000),
      spare: {
        spare_jobs: 2,
        grade: gradeRun(30, 40_000, 900, 70_000),
        speedup: 45 / ((30 * 60_000) / (27 * 4000 + 3 * 20_000)),
      },
      baseline: {
        sampled: 4,
        sampled_ms: { correct: 4000, wrong: 4000, 'not-compiling': 4000, hanging: 20_000 },
        estimated_ms: 27 * 4000 + 3 * 20_000,
        sampled_cpu_ms: { correct: 5000, wrong: 5000, 'not-compiling': 4500, hanging: 20_000 },
        estimated_cpu_ms: 24 * 5000 + 3 * 4500 + 3 * 20_000,
        per_minute: (30 * 60_000) / (27 * 4000 + 3 * 20_000),
        limit_ms: 20_000,
      },
      speedup: 30 / ((30 * 60_000) / (27 * 4000 + 3 * 20_000)),
      hang_ms: 6000,
      ceiling: (27 * 4000 + 3 * 20_000) / 6000,
    },
    // 4 more jobs cost 8 s of CPU: 2 s each, against 0.8 + 0.4 + 0.4 = 1.6 s of floor.
    jobs: [
      jobCostRow('ex01', {
        smallCpu: 5000,
        largeCpu: 13_000,
        typecheck: 800,
        jestStart: 300,
        testProcesses: [400, 400],
        testFiles: 2,
      }),
    ],
    scaling: scalingRows([gradeRun(30, 60_000, 500, 100_000), gradeRun(10, 20_000, 400, 30_000)]),
  };
}

describe('bench results', () => {
  test('a full document is valid against schemas/bench-results.schema.json', () => {
    expect(() => assertValid('bench-results', sampleResults(), 'bench/results.json')).not.toThrow();
  });
  test('the schema refuses a document without its core count or with an unknown part', () => {
    const { cores: _cores, ...withoutCores } = sampleResults();
    expect(() => assertValid('bench-results', withoutCores, 'r.json')).toThrow('cores');
    expect(() =>
      assertValid('bench-results', { ...sampleResults(), parts: ['speed'] }, 'r.json'),
    ).toThrow('/parts/0');
  });
  test('renders the run line, then each table with its ratios', () => {
    const text = renderResults(sampleResults());
    expect(text).toContain('Measured 2026-12-01 06:00 UTC on 2 cores, Node v20.20.2');
    expect(text).toMatch(
      /\| ex01 +\| 1\.90 s +\| 0\.28 s +\| x6\.79 +\| 0\.02 s +\| x95\.00 +\| 1 +\|/,
    );
    expect(text).toMatch(/\| ex01 +\| 0\.45 s +\| 0\.40 0\.45 0\.90 \| 0 +\|/);
    expect(text).toContain('18 correct, 6 wrong, 3 not-compiling, 3 hanging');
    // 100 s of CPU in 60 s: 1.67 cores busy.
    expect(text).toMatch(
      /\| grader grade +\| 60\.00 s +\| 30\.0 +\| x2\.80 +\| 100\.00 s +\| 1\.67 +\| 30\/30 +\|/,
    );
    expect(text).toMatch(
      /\| grader grade --spare-jobs 2 \(peak RSS 900 MB against 500 MB\) +\| 40\.00 s +\| 45\.0 +\| x4\.20 +\| 70\.00 s +\| 1\.75 +\| 30\/30 +\|/,
    );
    // 193.5 s of CPU over the baseline's 168 s.
    expect(text).toMatch(
      /\| naive: .* +\| 168\.00 s +\| 10\.7 +\| x1\.00 +\| 193\.50 s +\| 1\.15 +\| - +\|/,
    );
    // grade's 100 s of CPU on 2 cores is 50 s at best: 168 / 50 = x3.36.
    expect(text).toContain(
      "Spread perfectly over 2 cores, grade's CPU time takes 50.00 s: x3.36 of the baseline",
    );
    // 168 s of baseline over one hang's 6 s: x28.00, 30 submissions in 6 s = 300 per minute.
    expect(text).toMatch(
      /\| ceiling: grade is not done before a hang has used 6 s of load CPU +\| 6\.00 s +\| 300\.0 +\| x28\.00 +\| - +\| - +\| - +\|/,
    );
    expect(text).toContain(
      "a hang is killed at 20 s, the grader's own wall-time load limit; the grader stops a busy load sooner, at 6 s of CPU",
    );
    expect(text).toMatch(
      /\| ex01 +\| 2\.00 s +\| 0\.80 s +\| 2 x 0\.30 s +\| 0\.20 s +\| 1\.60 s +\| x1\.25 +\|/,
    );
    expect(text).toContain('Target: ratio <= x1.5.');
    expect(text).toMatch(
      /\| 10 +\| 20\.00 s \| 2\.00 s +\| 30\.0 +\| 400 MB +\| x1\.00 +\| 3\.00 s +\| 10\/10 +\|/,
    );
    expect(text).toMatch(
      /\| 30 +\| 60\.00 s \| 2\.00 s +\| 30\.0 +\| 500 MB +\| x1\.25 +\| 3\.33 s +\|/,
    );
  });
  test('a part that failed is named with its reason under the tables', () => {
    const results = {
      ...sampleResults(),
      errors: [{ part: 'watch' as const, message: 'no re-run' }],
    };
    expect(renderResults(results)).toContain('watch not measured: no re-run');
  });
});

describe('parseParts', () => {
  test('all parts by default, in their running order whatever order they are named in', () => {
    expect(parseParts(undefined)).toEqual([...PARTS]);
    expect(parseParts('batch, check')).toEqual(['check', 'batch']);
    expect(parseParts(['watch', 'loader,locks'])).toEqual(['loader', 'locks', 'watch']);
  });
  test('an unknown part is an error listing the parts', () => {
    expect(() => parseParts('check,speed')).toThrow(
      '--only: unknown part speed; the parts are loader, locks, check, watch, batch, jobs, scaling',
    );
    expect(() => parseParts(',')).toThrow('--only needs at least one of');
  });
});

describe('the generated class', () => {
  test('every ten submissions: six correct, two wrong, one not compiling, one hanging', () => {
    expect(classMix(10)).toEqual({ correct: 6, wrong: 2, 'not-compiling': 1, hanging: 1 });
    expect(classMix(90)).toEqual({ correct: 54, wrong: 18, 'not-compiling': 9, hanging: 9 });
  });
  test('a class of four already holds every kind, so a sampled baseline can be extrapolated', () => {
    expect(new Set([0, 1, 2, 3, 4, 5].map(kindOf))).toEqual(
      new Set(['correct', 'wrong', 'not-compiling', 'hanging']),
    );
  });
});

describe('scalingRows and summedTestDurations', () => {
  test('scaling rows go by class size, each peak over the smallest class', () => {
    const rows = scalingRows([
      { submissions: 90, ms: 3, per_minute: 1, peak_rss_bytes: 600, cpu_ms: 5, verdicts_right: 90 },
      { submissions: 10, ms: 1, per_minute: 1, peak_rss_bytes: 500, cpu_ms: 1, verdicts_right: 10 },
    ]);
    expect(rows.map((row) => [row.submissions, row.rss_vs_smallest])).toEqual([
      [10, 1],
      [90, 1.2],
    ]);
  });
  test("the tests' own time sums every test's duration, hidden ones too", () => {
    expect(
      summedTestDurations({
        exercises: [
          { tests: [{ duration_ms: 24 }, { duration_ms: 3262 }, {}] },
          { tests: [{ duration_ms: 4 }] },
        ],
      }),
    ).toBe(3290);
  });
});

describe('jobCostRow', () => {
  test('the job is the marginal CPU of one more submission; the floor is the type-check and the test processes', () => {
    const row = jobCostRow('ex03', {
      smallCpu: 10_000,
      largeCpu: 30_000,
      typecheck: 1000,
      jestStart: 400,
      testProcesses: [1200, 1800],
      testFiles: 2,
    });
    expect(row).toMatchObject({
      job_cpu_ms: 5000,
      test_processes: 2,
      tests_cpu_ms: 2200,
      floor_cpu_ms: 4000,
      vs_floor: 1.25,
    });
  });
  test("the floor counts the tests' CPU in every run the policy asks for, not their wall time once", () => {
    // One test file whose tests run 3 times (ex03's policy): each run a process of 0.4 s of jest
    // start and 2.6 s of test CPU (ten workers keeping both cores busy for 1.3 s of wall time).
    const row = jobCostRow('ex03', {
      smallCpu: 10_000,
      largeCpu: 50_000,
      typecheck: 1000,
      jestStart: 400,
      testProcesses: [3000, 3000, 3000],
      testFiles: 1,
    });
    expect(row).toMatchObject({ test_processes: 3, tests_cpu_ms: 7800, floor_cpu_ms: 10_000 });
    // One jest start and 1.3 s of wall time would make the floor 2.7 s and the job x3.70 of it.
    expect(row.vs_floor).toBe(1);
  });
  test('a noisy run whose larger class cost less gets no ratio rather than a negative one', () => {
    const row = jobCostRow('ex01', {
      smallCpu: 9000,
      largeCpu: 8000,
      typecheck: 800,
      jestStart: 300,
      testProcesses: [310],
      testFiles: 1,
    });
    expect(row.vs_floor).toBeNull();
    expect(() =>
      assertValid('bench-results', { ...sampleResults(), jobs: [row] }, 'r.json'),
    ).not.toThrow();
  });
});

describe('rightVerdicts', () => {
  const students = [
    { id: 's001', kind: 'correct' as const },
    { id: 's002', kind: 'wrong' as const },
    { id: 's003', kind: 'hanging' as const },
    { id: 's004', kind: 'correct' as const },
  ];
  test('a correct submission must pass every exercise, any other must fail one', () => {
    const statuses = new Map([
      ['s001', ['pass', 'pass']],
      ['s002', ['pass', 'fail']],
      ['s003', ['error', 'error']],
      ['s004', ['pass', 'error']],
    ]);
    expect(rightVerdicts(students, statuses)).toBe(3);
  });
  test('a submission with no graded job counts as wrong, whatever its kind', () => {
    expect(rightVerdicts(students, new Map([['s002', ['fail']]]))).toBe(1);
  });
});

describe('regradeRow', () => {
  const check = (ms: number, score: number, cpuMs = ms * 2) => ({ ms, cpuMs, score });
  test('the repeats cost policy over one run; same gradebook bytes every time count as one', () => {
    const row = regradeRow('ex03', ['plain-field', 'if-not-while'], {
      oneRun: [check(10_000, 9), check(20_000, 21)],
      policy: [check(12_000, 9, 30_000), check(48_000, 20, 60_000)],
      gradings: [
        { ms: 50_000, digest: 'a', totals: [9, 20] },
        { ms: 51_000, digest: 'a', totals: [9, 20] },
      ],
    });
    expect(row).toMatchObject({
      one_run_ms: 30_000,
      policy_ms: 60_000,
      one_run_cpu_ms: 60_000,
      policy_cpu_ms: 90_000,
      repeats_vs_one_run: 2,
      repeats_vs_one_run_cpu: 1.5,
      one_run_scores: [9, 21],
      policy_scores: [9, 20],
      gradings: 2,
      grade_ms: [50_000, 51_000],
      distinct_gradebooks: 1,
      grade_totals: [
        [9, 20],
        [9, 20],
      ],
      distinct_totals: 1,
    });
    const results: BenchResults = { ...sampleResults(), parts: ['regrade'], regrade: [row] };
    expect(() => assertValid('bench-results', results, 'results.json')).not.toThrow();
    expect(renderResults(results)).toContain('A racy class under the grading policy');
  });
  test('gradebooks that differ between gradings are counted apart, and so are their numbers', () => {
    const row = regradeRow('ex03', ['if-not-while'], {
      oneRun: [check(1, 1)],
      policy: [check(1, 1)],
      gradings: [
        { ms: 1, digest: 'a', totals: [5] },
        { ms: 1, digest: 'b', totals: [5] },
        { ms: 1, digest: 'c', totals: [7] },
      ],
    });
    expect(row).toMatchObject({ distinct_gradebooks: 3, distinct_totals: 2 });
  });
});
