import type { Course, Exercise } from '../course/types';
import { shownToStudent } from '../course/visibility';
import { writeMistakeBook } from '../result/mistake-book';
import { writtenIn } from '../result/error-kinds';
import { buildSignature, MistakeSignature } from '../result/mistakes';
import type { VariantReport } from './verify';
import { readVariants, Variant } from './variants';

/**
 * The hint a recognised mistake comes with: the hint of the first test that catches it and that
 * students see; a hidden test's hint would tell what that test checks.
 */
export function variantHint(exercise: Exercise, variant: Variant): string | undefined {
  const tests = new Map(exercise.tests.map((test) => [test.name, test]));
  return variant.caughtBy
    .map((name) => tests.get(name))
    .find((test) => test?.hint && shownToStudent(test))?.hint;
}

/** Every known-wrong solution of the exercise that verify ran, as a signature of its failures. */
export function mistakeSignatures(
  course: Course,
  exercise: Exercise,
  reports: VariantReport[],
): MistakeSignature[] {
  const { variants } = readVariants(course, exercise);
  return variants.flatMap((variant) => {
    const report = reports.find(
      (each) =>
        each.kind === 'wrong' && each.exercise === exercise.id && each.name === variant.name,
    );
    if (!report) return [];
    const signature = buildSignature(
      { name: variant.name, mistake: variant.mistake, hint: variantHint(exercise, variant) },
      report.runs,
      writtenIn(Object.values(variant.files)),
    );
    return signature.runs > 0 ? [signature] : [];
  });
}

/** Writes exercises/<folder>/hidden/mistakes.json from this verify's runs; returns its path. */
export function refreshMistakeBook(
  course: Course,
  exercise: Exercise,
  reports: VariantReport[],
): string {
  return writeMistakeBook(exercise, mistakeSignatures(course, exercise, reports));
}
