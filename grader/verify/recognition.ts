import { twinsOf, usualFeatures } from '../result/mistake-twins';
import { MistakeSignature, recogniseFeatures } from '../result/mistakes';
import type { Recognised } from '../result/types';

// How well recognition names mistakes, scored without running anything: a claim is right when it
// names the mistake the code really makes, wrong when it names another, and saying nothing is
// always allowed (no guess is better than a wrong one). Precision is right / claims; recall is
// right / cases.

export type Outcome = 'right' | 'silent' | 'wrong' | 'unjudged';

export interface Scored {
  exercise: string;
  /** The known-wrong solution or held-out submission whose failures were matched. */
  name: string;
  outcome: Outcome;
  /** The variant recognition named, if any. */
  claimed?: string;
  score?: number;
  /** Leave-one-out: the other mistakes that fail exactly alike, left out with it. */
  twins?: string[];
}

/**
 * Claims judged by reading the code: "<case or variant>|<claimed>" to a verdict, where a claim of
 * twins ("one of these") is their variants joined by "+", the first named first.
 */
export type Judged = Record<string, 'right' | 'wrong'>;

/** What a claim names: its variant, or twins joined by "+" ("a+b": one of a and b). */
const claimed = (claim: Recognised) =>
  [claim.variant, ...(claim.or ?? []).map((other) => other.variant)].join('+');

/** One failing code's failures, as features (result/mistakes.ts observedFeatures). */
export interface Observation {
  name: string;
  features: string[];
}

/**
 * Leave-one-out over the known-wrong set: each variant's failures are matched against the
 * signatures of all the other variants, as a submission making a mistake the course does not know
 * would be. Right: it names another variant with the same mistake (the same sentence, or judged
 * the same by reading both: `judged["<variant>|<claimed>"]` is "right"); wrong: it names a
 * different mistake; silent: it names nothing, the only answer that is right for a mistake no
 * other variant makes.
 *
 * A variant's twins (other mistakes whose book shows exactly the failures its book shows) are
 * left out with it: no observation tells them apart, so with the whole book recognition names
 * them together ("one of these", result/mistake-twins.ts), and once the variant alone is gone the
 * twin would be named alone: a coin flip, not recognition. Leaving the twins out asks what
 * leave-one-out is for: what a student is told whose failures no known mistake shows.
 * A claim names a variant that makes the same mistake when any mistake it names is the variant's.
 */
export function leaveOneOut(
  exercise: string,
  signatures: MistakeSignature[],
  observations: Observation[],
  judged: Judged = {},
): Scored[] {
  return observations.map(({ name, features }) => {
    const own = signatures.find((signature) => signature.variant === name);
    const twins = own ? twinsOf(own, signatures) : [];
    const others = signatures.filter(
      (signature) => signature.variant !== name && !twins.includes(signature.variant),
    );
    const claim = recogniseFeatures(others, features);
    const alike = twins.length > 0 ? { twins } : {};
    if (!claim) return { exercise, name, outcome: 'silent', ...alike };
    const named = [claim.variant, ...(claim.or ?? []).map((other) => other.variant)];
    const same =
      (own !== undefined &&
        signatures.some(
          (signature) => named.includes(signature.variant) && signature.mistake === own.mistake,
        )) ||
      judged[`${name}|${claimed(claim)}`] === 'right';
    return {
      exercise,
      name,
      outcome: same ? 'right' : 'wrong',
      claimed: claimed(claim),
      score: claim.score,
      ...alike,
    };
  });
}

/**
 * What each known-wrong variant "observed" when only the stored book is at hand: the features it
 * showed in at least half of its runs.
 */
export function observationsFromBook(signatures: MistakeSignature[]): Observation[] {
  return signatures.map((signature) => ({
    name: signature.variant,
    features: usualFeatures(signature),
  }));
}

/**
 * Held-out submissions (written by someone who never saw the variants), matched against the full
 * book. Whether a claim is right is judged by reading the submission: `judged` maps
 * "<case>|<claimed variant>" to "right" or "wrong"; a claim nobody judged yet is "unjudged".
 */
export function scoreHeldOut(
  exercise: string,
  signatures: MistakeSignature[],
  observations: Observation[],
  judged: Judged,
): Scored[] {
  return observations.map(({ name, features }) => {
    const claim = recogniseFeatures(signatures, features);
    if (!claim) return { exercise, name, outcome: 'silent' };
    return {
      exercise,
      name,
      outcome: judged[`${name}|${claimed(claim)}`] ?? 'unjudged',
      claimed: claimed(claim),
      score: claim.score,
    };
  });
}

export interface Tally {
  exercise: string;
  cases: number;
  right: number;
  silent: number;
  wrong: number;
  unjudged: number;
}

/** Per exercise, then a total row named "all". */
export function tally(rows: Scored[]): Tally[] {
  const byExercise = new Map<string, Tally>();
  const total: Tally = { exercise: 'all', cases: 0, right: 0, silent: 0, wrong: 0, unjudged: 0 };
  for (const row of rows) {
    const entry = byExercise.get(row.exercise) ?? {
      exercise: row.exercise,
      cases: 0,
      right: 0,
      silent: 0,
      wrong: 0,
      unjudged: 0,
    };
    byExercise.set(row.exercise, entry);
    for (const each of [entry, total]) {
      each.cases++;
      each[row.outcome]++;
    }
  }
  return [...byExercise.values(), total];
}

const share = (part: number, whole: number) =>
  whole === 0 ? 'n/a' : `${Math.round((part / whole) * 100)}%`;

/** A markdown table: per exercise, recognised right / said nothing / claimed wrongly. */
export function renderTally(tallies: Tally[]): string {
  const unjudged = tallies.some((entry) => entry.unjudged > 0);
  const head = `| exercise | cases | recognised right | said nothing | claimed wrongly |${unjudged ? ' not judged yet |' : ''} precision | recall |`;
  const rule = `|---|--:|--:|--:|--:|${unjudged ? '--:|' : ''}--:|--:|`;
  const rows = tallies.map(
    (entry) =>
      `| ${entry.exercise} | ${entry.cases} | ${entry.right} | ${entry.silent} | ${entry.wrong} |${unjudged ? ` ${entry.unjudged} |` : ''} ${share(entry.right, entry.right + entry.wrong)} | ${share(entry.right, entry.cases)} |`,
  );
  return [head, rule, ...rows].join('\n') + '\n';
}

/** Each claim, for reading: which code, what was named, how similar, and the verdict. */
export function renderClaims(rows: Scored[]): string {
  return rows
    .filter((row) => row.claimed)
    .map(
      (row) =>
        `  ${row.outcome.padEnd(8)} ${row.exercise} ${row.name} -> ${row.claimed} (${row.score})`,
    )
    .join('\n');
}

/** The variants scored with their twins left out, and the twins: one line each. */
export function renderTwins(rows: Scored[]): string {
  return rows
    .filter((row) => row.twins)
    .map(
      (row) =>
        `  ${row.exercise} ${row.name}: fails exactly as ${row.twins?.join(', ')}, left out with it (${row.outcome})`,
    )
    .join('\n');
}
