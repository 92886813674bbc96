/**
 * @runAlone checks every solution, starter and known-wrong solution of the course, several at a time
 */
import * as os from 'os';
import { loadCourse } from '../course/load';
import { graderRoot } from '../paths';
import { readDesigns, readVariants } from '../verify/variants';
import { verifyDesign, verifySolution, verifyStarter, verifyWrong } from '../verify/verify';

// The course proves its hidden tests separate right from wrong code (`grader verify` with fewer
// runs): every solution passes every run, every starter fails, every known-wrong solution is
// caught by a hidden test in every run. One jest test per claim, so a failure names it.
const SOLUTION_RUNS = Number(process.env.COURSE_PROOF_RUNS ?? 1);
// One run of each solution, known-wrong solution and also-correct design keeps `npm test` inside
// CI's 20 minutes now that the races run their tests several times and the case tables grew;
// `grader verify --runs 5` (which `grader release` runs first) is the repeated proof.
const WRONG_RUNS = Number(process.env.COURSE_PROOF_WRONG_RUNS ?? 1);
const course = loadCourse(graderRoot);
const LIMIT = 600_000;

const catalogue = course.exercises.map((exercise) => ({
  exercise,
  designs: readDesigns(course, exercise),
  variants: readVariants(course, exercise),
}));

// What must pass runs alone, one claim at a time: a correct solution's timing is never judged
// while other proofs load the machine. Its own test files run side by side on the cores, as in a
// student's check (one after another, a file that waits would leave a core idle). What must fail
// (starters, known-wrong solutions) shares a pool below.
for (const { exercise, designs, variants } of catalogue) {
  test(
    `${exercise.id}: the solution passes every test in ${SOLUTION_RUNS} runs`,
    async () => {
      const report = await verifySolution(course, exercise, SOLUTION_RUNS, {
        parallelFiles: os.availableParallelism(),
      });
      expect(report.problem).toBeUndefined();
    },
    LIMIT,
  );

  // Other correct designs (solutions/<folder>/also-correct/<design>/) must get full marks too:
  // the tests check behaviour, not the reference solution's design.
  test(`${exercise.id}: its also-correct designs are declared validly`, () => {
    expect(designs.problems).toEqual([]);
  });
  // Designs marked provenBy verify are proven by `grader verify` (which `grader release` runs
  // first) rather than here, to keep npm test inside CI's 20 minutes.
  for (const design of designs.designs.filter((each) => each.provenBy !== 'verify')) {
    test(
      `${exercise.id}: also-correct/${design.name} passes every test in each of ${WRONG_RUNS} runs`,
      async () => {
        const report = await verifyDesign(course, exercise, design, WRONG_RUNS);
        expect(report.problem).toBeUndefined();
      },
      LIMIT,
    );
  }

  test(`${exercise.id}: has at least four valid known-wrong solutions`, () => {
    expect(variants.problems).toEqual([]);
    expect(variants.variants.length).toBeGreaterThanOrEqual(4);
  });
}

// The starters and the known-wrong proofs of every exercise share one pool, several at a time
// (jest's maxConcurrency): much of their time is a test waiting for a deadlock to be declared or a
// limit to pass, idle (a starter's join never resolves), and one pool never drains to a single
// slow variant between exercises. The races that catch them are steered by the tests (stepped
// workers, barriers), not left to how busy the machine is, so they need not run alone; a starter
// fails however busy the machine is.
describe('starters and known-wrong solutions', () => {
  for (const { exercise, variants } of catalogue) {
    test.concurrent(
      `${exercise.id}: the starter fails`,
      async () => {
        // The test with the shortest limit proves it, the others run only if the starter passes
        // it; `grader verify` runs every test.
        const report = await verifyStarter(course, exercise, undefined, { tests: 'one' });
        expect(report.problem).toBeUndefined();
      },
      LIMIT,
    );
    for (const variant of variants.variants) {
      test.concurrent(
        `${exercise.id}: wrong/${variant.name} is caught by a hidden test in each of ${WRONG_RUNS} runs`,
        async () => {
          // One of the tests its caughtBy names proves the catch here (the others run only if it
          // lets the wrong solution through); `grader verify` runs every test.
          const report = await verifyWrong(course, exercise, variant, WRONG_RUNS, {
            catchers: 'one',
          });
          expect(report.problem).toBeUndefined();
        },
        LIMIT,
      );
    }
  }
});
