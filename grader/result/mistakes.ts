import type { ExerciseResult, Recognised, TestResult } from './types';

// Mistake recognition: a known-wrong solution fails in a recognisable way (which tests fail, with
// what verdict, with what observed values in their messages). `grader verify` keeps each one's
// failures as a signature (exercises/<folder>/hidden/mistakes.json, never shipped to students);
// a failing submission whose failures match one signature clearly better than any other is told
// what its code most likely does. Anything less than a clear match says nothing: a wrong guess
// about the cause costs a student more than no guess.

/** One known mistake, as verify last saw it fail. */
export interface MistakeSignature {
  /** The known-wrong variant's folder name. */
  variant: string;
  /** What the code does, as variant.json says (behaviour only, never a test's title). */
  mistake: string;
  hint?: string;
  /** How many runs the features were gathered from. */
  runs: number;
  /** Each failure feature and in how many of those runs it was seen. */
  features: Record<string, number>;
}

export interface MistakeBook {
  version: 1;
  exercise: string;
  signatures: MistakeSignature[];
}

/** A match must be at least this similar ... */
export const STRONG_SCORE = 0.7;
/** ... and this much more similar than the best signature of any other mistake. */
export const MARGIN = 0.15;

const failed = (test: TestResult) => test.status === 'fail' || test.status === 'timeout';

/**
 * What a result's failures look like, as features: each failing test with its verdict kind, the
 * shape of its message's first line (numbers as #), the exact first line (the observed values),
 * and for a timed-out test the student functions its threads were stuck in.
 */
export function observedFeatures(result: ExerciseResult): string[] {
  const features = new Set<string>();
  for (const test of result.tests.filter(failed)) {
    const verdict =
      test.status === 'timeout' ? `timeout:${test.stuck?.verdict ?? 'unknown'}` : 'fail';
    features.add(`verdict|${verdict}|${test.name}`);
    const first = firstLine(test.message);
    if (first) {
      features.add(`shape|${test.name}|${first.replace(/\d[\d,._]*/g, '#')}`);
      // Durations ("stopped after 1.1 s") are the machine's, not the code's: kept out of values.
      features.add(`value|${test.name}|${first.replace(/\d[\d,._]*\s*m?s\b/g, '# s')}`);
    }
    for (const thread of test.stuck?.threads ?? [])
      for (const frame of thread.frames.slice(0, 1))
        features.add(`stuck|${test.name}|${thread.state}|${frame.function}`);
  }
  return [...features].sort();
}

const firstLine = (message?: string) => (message ?? '').split('\n')[0].trim().slice(0, 240);

/**
 * How much a feature of each kind counts: exact values vary between runs of a race, so they only
 * break ties. Chosen with STRONG_SCORE on the known-wrong set (docs/grading.md): a bar of 0.7
 * instead of 0.6 drops the leave-one-out claims that were near misses and no variant's match of
 * itself; a higher bar changes nothing.
 */
const WEIGHT: Record<string, number> = { verdict: 1, shape: 1, value: 0.25, stuck: 0.5 };
const weightOf = (feature: string) => WEIGHT[feature.slice(0, feature.indexOf('|'))] ?? 0;

/** A signature from every run verify made of one known-wrong solution (failed runs only). */
export function buildSignature(
  variant: { name: string; mistake: string; hint?: string },
  results: ExerciseResult[],
): MistakeSignature {
  const features: Record<string, number> = {};
  const failing = results.filter((result) => result.tests.some(failed));
  for (const result of failing)
    for (const feature of observedFeatures(result))
      features[feature] = (features[feature] ?? 0) + 1;
  return {
    variant: variant.name,
    mistake: variant.mistake,
    ...(variant.hint ? { hint: variant.hint } : {}),
    runs: failing.length,
    features: Object.fromEntries(Object.entries(features).sort(([a], [b]) => a.localeCompare(b))),
  };
}

/**
 * Weighted Jaccard similarity of observed features to a signature: a feature the signature saw in
 * only some of its runs counts for that share.
 */
export function similarity(observed: string[], signature: MistakeSignature): number {
  const seen = new Set(observed);
  let shared = 0;
  let union = 0;
  for (const [feature, count] of Object.entries(signature.features)) {
    const weight = weightOf(feature) * (count / Math.max(1, signature.runs));
    if (seen.has(feature)) {
      shared += weight;
      union += weightOf(feature);
    } else union += weight;
  }
  for (const feature of seen) if (!(feature in signature.features)) union += weightOf(feature);
  return union === 0 ? 0 : shared / union;
}

/**
 * The known mistake a failing result most likely is, or undefined: no failure, nothing similar
 * enough, or another mistake nearly as similar (two mistakes that fail alike cannot be told apart,
 * so neither is named).
 */
export function recognise(
  signatures: MistakeSignature[],
  result: ExerciseResult,
): Recognised | undefined {
  const observed = observedFeatures(result);
  if (observed.length === 0) return undefined;
  const ranked = signatures
    .map((signature) => ({ signature, score: similarity(observed, signature) }))
    .sort((a, b) => b.score - a.score);
  const [best] = ranked;
  if (!best || best.score < STRONG_SCORE) return undefined;
  const rival = ranked.find((entry) => entry.signature.mistake !== best.signature.mistake);
  if (rival && best.score - rival.score < MARGIN) return undefined;
  return {
    variant: best.signature.variant,
    mistake: best.signature.mistake,
    ...(best.signature.hint ? { hint: best.signature.hint } : {}),
    score: Math.round(best.score * 100) / 100,
  };
}
