import * as fs from 'fs';
import * as path from 'path';
import { solutionsDir } from '../course/layout';
import { findExercise } from '../course/find';
import { loadCourse } from '../course/load';
import type { Course, Exercise } from '../course/types';
import { NO_OWN_WORDS, writtenIn } from '../result/error-kinds';
import { readMistakeBook } from '../result/mistake-book';
import { buildSignature, MistakeSignature, observedFeatures } from '../result/mistakes';
import { graderRoot } from '../paths';
import { variantHint } from './mistake-signatures';
import { readJudged } from './recognition-judged';
import {
  Judged,
  leaveOneOut,
  Observation,
  observationsFromBook,
  renderClaims,
  renderTally,
  renderTwins,
  Scored,
  scoreHeldOut,
  tally,
} from './recognition';
import { heldOutFiles, readSavedRuns, runHeldOut, runVariants } from './recognition-runs';
import { readVariants } from './variants';

// How well mistake recognition names mistakes (docs/grading.md, "Recognising known mistakes"):
//   node -r ./grader/runtime/register.js grader/verify/recognition-measure.ts run-variants DIR [ex..]
//   node -r ./grader/runtime/register.js grader/verify/recognition-measure.ts run-held-out CASES DIR [ex..]
//   node -r ./grader/runtime/register.js grader/verify/recognition-measure.ts score VARIANT-RUNS [HELD-OUT-RUNS [CASES]]
// CASES (the held-out cases' folder) gives each held-out submission's words, so that its own
// errors are compared by kind as a check does (result/error-kinds.ts); without it none is.
// The runs are saved as they finish (verify/recognition-runs.ts); scoring is pure
// (verify/recognition.ts) and prints the tables.

async function main(argv: string[]): Promise<number> {
  const course = loadCourse(graderRoot);
  const [command, ...rest] = argv;
  const chosen = (names: string[]) =>
    names.length > 0 ? names.map((name) => findExercise(course, name)) : course.exercises;
  if (command === 'run-variants' && rest.length >= 1) {
    for (const exercise of chosen(rest.slice(1))) {
      process.stdout.write(`${exercise.id}\n`);
      await runVariants(course, exercise, rest[0]);
    }
    return 0;
  }
  if (command === 'run-held-out' && rest.length >= 2) {
    for (const exercise of chosen(rest.slice(2))) {
      process.stdout.write(`${exercise.id}\n`);
      await runHeldOut(exercise, rest[0], rest[1]);
    }
    return 0;
  }
  if (command === 'score' && rest.length >= 1 && rest.length <= 3) {
    const [variantRuns, heldOutRuns, cases] = rest;
    const judged = readJudged(solutionsDir(course.root));
    const looRows: Scored[] = [];
    const heldRows: Scored[] = [];
    for (const exercise of course.exercises) {
      const { signatures, observations, source } = knownMistakes(course, exercise, variantRuns);
      process.stdout.write(`${exercise.id}: ${signatures.length} known mistakes, from ${source}\n`);
      looRows.push(
        ...leaveOneOut(exercise.id, signatures, observations, judged.leaveOneOut[exercise.folder]),
      );
      if (heldOutRuns) {
        const held = readSavedRuns(heldOutRuns, exercise).map((run) => ({
          name: run.name,
          features: observedFeatures(
            run.result,
            cases
              ? writtenIn(Object.values(heldOutFiles(exercise, cases, run.name)))
              : NO_OWN_WORDS,
          ),
        }));
        heldRows.push(
          ...scoreHeldOut(exercise.id, signatures, held, judged.heldOut[exercise.folder] ?? {}),
        );
      }
    }
    process.stdout.write(
      `\nLeave-one-out over the known-wrong set\n\n${renderTally(tally(looRows))}`,
    );
    process.stdout.write(`${renderClaims(looRows)}\n`);
    const twins = renderTwins(looRows);
    if (twins) process.stdout.write(`\nTwins (no observation tells them apart):\n${twins}\n`);
    if (heldOutRuns) {
      process.stdout.write(`\nHeld-out wrong submissions\n\n${renderTally(tally(heldRows))}`);
      process.stdout.write(`${renderClaims(heldRows)}\n`);
    }
    return 0;
  }
  process.stderr.write(
    'usage: recognition-measure.ts run-variants DIR [ex..] | run-held-out CASES DIR [ex..] | score VARIANT-RUNS [HELD-OUT-RUNS [CASES]]\n',
  );
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(`${error.stack ?? error.message}\n`);
    process.exit(1);
  },
);

/**
 * The exercise's known mistakes and what each one's failures look like: from saved runs of every
 * variant when there are (the features as the matcher builds them now), else from the stored
 * book (hidden/mistakes.json, as verify last saw them).
 */
function knownMistakes(
  course: Course,
  exercise: Exercise,
  variantRuns: string,
): { signatures: MistakeSignature[]; observations: Observation[]; source: string } {
  const { variants } = readVariants(course, exercise);
  const runs = readSavedRuns(variantRuns, exercise);
  const complete = variants.every((variant) => runs.some((run) => run.name === variant.name));
  if (!complete) {
    const signatures = readMistakeBook(exercise);
    return {
      signatures,
      observations: observationsFromBook(signatures),
      source: 'the stored book',
    };
  }
  const words = new Map(
    variants.map((variant) => [variant.name, writtenIn(Object.values(variant.files))]),
  );
  const signatures = variants
    .map((variant) =>
      buildSignature(
        { name: variant.name, mistake: variant.mistake, hint: variantHint(exercise, variant) },
        runs.filter((run) => run.name === variant.name).map((run) => run.result),
        words.get(variant.name),
      ),
    )
    .filter((signature) => signature.runs > 0);
  const observations = runs
    .filter((run) => signatures.some((signature) => signature.variant === run.name))
    .map((run) => ({
      name: run.name,
      features: observedFeatures(run.result, words.get(run.name)),
    }));
  return { signatures, observations, source: `saved runs in ${variantRuns}` };
}
