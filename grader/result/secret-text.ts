import * as fs from 'fs';
import * as path from 'path';
import { visibleTestsDir } from '../course/layout';
import { hiddenTitles } from '../course/scan-tests';
import type { Exercise } from '../course/types';
import type { ExerciseResult } from './types';
import { shownToStudent } from '../course/visibility';
import { jestVocabulary } from './jest-vocabulary';
import { receivedLines } from './received-lines';
import { filesIn, read, secretSources } from './secret-sources';

// Graded code can read its exercise's hidden tests while they run it (they must be on disk to
// run), and without a sandbox the solutions too. What it prints or throws reaches the student in
// messages and output, so every such text is checked before it is kept: a fragment of a hidden
// test or solution (text a student could not know from the starter, the README and the visible
// tests), or a hidden test's title, and the whole text is replaced by a notice.
//
// Text is compared by what it says, not how it is spelled: both sides are reduced to their letters
// and digits (Unicode NFKC, lower case; spaces, punctuation, line breaks, no-break and zero-width
// spaces gone), so a prefix on every line, re-spacing, a change of case or a quote split across
// lines still matches. The text is also read reversed, and base64 runs in it decoded. What is not
// caught is listed in docs/security.md.

export const WITHHELD =
  '[withheld: this text quoted hidden tests or the solution, which graded code must not reveal]';

/**
 * A fragment this many letters and digits long, found in a hidden test or the solution and in none
 * of the files the student has, is a quote. Shorter ones are too common to tell anything.
 */
export const FRAGMENT = 20;
/**
 * A fragment of fewer different letters is a repetition (`undefinedundefinedun`, `0000`): test
 * data that a student's own failure prints as often as a hidden test holds it.
 */
export const MIN_DISTINCT = 10;
/** A hidden title shorter than this (in letters and digits) is matched only as written. */
const MIN_TITLE = 10;
/** Base64 and hex runs at least this long are decoded and checked too. */
const MIN_ENCODED = 24;

type SecretFilter = (text: string) => string;

/**
 * Cyrillic and Greek letters drawn like Latin ones (NFKC keeps them apart) are read as the Latin
 * letter, so that `ехресt` in Cyrillic is `expect`.
 */
const LOOK_ALIKES = new Map(
  ['аa', 'вb', 'еe', 'ёe', 'кk', 'мm', 'нh', 'оo', 'рp', 'сc', 'тt', 'уy', 'хx', 'іi', 'јj', 'ѕs']
    .concat(['ԁd', 'ԛq', 'ԝw', 'αa', 'βb', 'εe', 'ηn', 'ιi', 'κk', 'νv', 'οo', 'ρp', 'τt', 'υu'])
    .concat(['χx', 'γy'])
    .map((pair) => [pair[0], pair[1]]),
);
const LOOK_ALIKE = new RegExp(`[${[...LOOK_ALIKES.keys()].join('')}]`, 'g');

/** The letters and digits of a text, in lower case, after Unicode compatibility normalisation. */
export function letters(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(LOOK_ALIKE, (char) => LOOK_ALIKES.get(char)!)
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

const fragments = (stream: string) => {
  const found = new Set<string>();
  for (let at = 0; at + FRAGMENT <= stream.length; at++) found.add(stream.slice(at, at + FRAGMENT));
  return found;
};

/**
 * The texts a student has: the starter, README and visible tests of every exercise of the course
 * (the release hands them all out), never a manifest (it names hidden tests) or hidden/; and what
 * jest writes in any failure.
 */
function publicTexts(exercisesRoot: string): string[] {
  const texts = jestVocabulary();
  for (const folder of fs.existsSync(exercisesRoot) ? fs.readdirSync(exercisesRoot) : []) {
    const dir = path.join(exercisesRoot, folder);
    if (!fs.statSync(dir).isDirectory()) continue;
    const files = [
      ...fs.readdirSync(dir).filter((name) => name === 'README.md' || name.endsWith('.ts')),
      ...filesIn(visibleTestsDir(dir)).map((file) => path.relative(dir, file)),
    ];
    for (const file of files) texts.push(read(path.join(dir, file)));
  }
  return texts;
}

/** Removes from `secret` every fragment of `text`: the text is known to the student. */
function forget(secret: Set<string>, text: string): void {
  const stream = letters(text);
  for (let at = 0; at + FRAGMENT <= stream.length; at++)
    secret.delete(stream.slice(at, at + FRAGMENT));
}

/** Per exercise folder: built once per process, as the course is read once (docs/security.md). */
const secretsByExercise = new Map<string, Set<string>>();

function secretFragments(exercise: Exercise, courseRoot: string): Set<string> {
  const key = `${exercise.dir}\0${courseRoot}`;
  let secret = secretsByExercise.get(key);
  if (!secret) {
    secret = new Set(
      secretSources(exercise, courseRoot)
        .texts.flatMap((text) => [...fragments(letters(text))])
        .filter((each) => new Set(each).size >= MIN_DISTINCT),
    );
    // The public texts are far larger than the secret ones: they are scanned, never held.
    for (const text of publicTexts(path.dirname(exercise.dir))) forget(secret, text);
    secretsByExercise.set(key, secret);
  }
  return secret;
}

/** Lines this short, or without a letter, are too common to tell anything as whole lines. */
const MIN_LINE = 20;

/**
 * Whole lines of the hidden tests and the solution that no file of this exercise the student has
 * holds: a short line (too few letters for a fragment) is still caught when printed as written.
 */
function secretLines(exercise: Exercise, courseRoot: string): Set<string> {
  const linesOf = (text: string) =>
    text
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line.length >= MIN_LINE && /[A-Za-z]/.test(line));
  const known = new Set(
    [
      ...exercise.files.map((file) => path.join(exercise.dir, file)),
      ...filesIn(visibleTestsDir(exercise.dir)),
    ]
      .map(read)
      .flatMap(linesOf),
  );
  const { texts, recordedLines } = secretSources(exercise, courseRoot);
  return new Set([...texts, ...recordedLines].flatMap(linesOf).filter((line) => !known.has(line)));
}

/**
 * `ownFiles`: the student's files as submitted, read now (before their code runs). What they hold
 * the student has: their own code shown back to them (a code frame of a failure, when it is the
 * solution's) is not a quote.
 */
export function secretFilter(
  exercise: Exercise,
  graderRoot: string,
  ownFiles: string[] = [],
): SecretFilter {
  // Read now, before the subject's code runs; the rest is built when there is a text to check
  // (a run whose tests all pass has none).
  const own = ownFiles.map((file) => read(file));
  let check: ((text: string) => boolean) | undefined;
  return (text) => {
    if (text === '') return text;
    check ??= quoteCheck(exercise, graderRoot, own);
    return check(text) ? WITHHELD : text;
  };
}

/** Whether a text quotes the exercise's hidden tests or solution (see secretFilter). */
function quoteCheck(
  exercise: Exercise,
  graderRoot: string,
  own: string[],
): (text: string) => boolean {
  const ownLines = new Set(own.flatMap((text) => text.split('\n').map((line) => line.trim())));
  const secret = new Set(secretFragments(exercise, graderRoot));
  for (const text of own) forget(secret, text);
  const lines = new Set(
    [...secretLines(exercise, graderRoot)].filter((line) => !ownLines.has(line)),
  );
  const titles = hiddenTitles(exercise);
  const longTitles = titles.map(letters).filter((title) => title.length >= MIN_TITLE);
  const quotes = (stream: string) => {
    if (longTitles.some((title) => stream.includes(title))) return true;
    for (let at = 0; at + FRAGMENT <= stream.length; at++)
      if (secret.has(stream.slice(at, at + FRAGMENT))) return true;
    return false;
  };
  const check = (text: string) => {
    if (titles.some((title) => text.includes(title))) return true;
    if (text.split('\n').some((line) => lines.has(line.trim()))) return true;
    const stream = letters(withoutGutters(text));
    if (quotes(stream) || quotes([...stream].reverse().join(''))) return true;
    return decoded(text).some((plain) => quotes(letters(plain)));
  };
  // The whole string literals and words of the student's files and every public text.
  let known: Set<string> | undefined;
  const isPublic = (piece: string) => {
    known ??= new Set(
      [...publicTexts(path.dirname(exercise.dir)), ...own].flatMap((text) =>
        [
          ...text.matchAll(
            /'((?:[^'\\\n]|\\.)*)'|"((?:[^"\\\n]|\\.)*)"|`([^`]*)`|([\p{L}\p{N}_]+)/gu,
          ),
        ].map((match) => letters(match[1] ?? match[2] ?? match[3] ?? match[4])),
      ),
    );
    return piece === '' || /^\d+$/.test(piece) || known.has(piece);
  };
  return (text) => {
    const { rest, alone } = receivedLines(text, isPublic, letters);
    return check(rest) || alone.some(check);
  };
}

/**
 * The filter for one subject's run of an exercise: the exercise's own course (exercises/<folder>
 * is two levels down), not necessarily the grader's, and the subject's files as they are now.
 */
export function subjectSecretFilter(exercise: Exercise, subjectDir: string): SecretFilter {
  const courseRoot = path.dirname(path.dirname(exercise.dir));
  return secretFilter(
    exercise,
    courseRoot,
    exercise.files.map((file) => path.join(subjectDir, file)),
  );
}

/** The result with every text graded code could have written passed through the filter. */
export function withoutSecrets(result: ExerciseResult, filter: SecretFilter): ExerciseResult {
  const keep = (text: string | undefined) => (text === undefined ? undefined : filter(text));
  return {
    ...result,
    message: keep(result.message),
    output: keep(result.output),
    // A type error in the student's file shows the types of what it imports: a file that imports a
    // hidden helper (the checker reads every file it names) showed its signatures in its errors.
    compile: {
      ...result.compile,
      diagnostics: result.compile.diagnostics.map((each) => ({
        ...each,
        message: filter(each.message),
      })),
    },
    tests: result.tests.map((test) =>
      shownToStudent(test) ? { ...test, message: keep(test.message) } : test,
    ),
  };
}

/**
 * A code frame's gutter (`  > 12 | `) and caret lines dropped: their line numbers would join the
 * student's own lines into runs that are in neither their file nor the secret (a doc comment that
 * echoes a hidden title, then "3" from the next line, matched a hidden test). Dropping them never
 * hides a quote: the text between gutters is only joined up more closely.
 */
const withoutGutters = (text: string) => text.replace(/^[ \t]*>?[ \t]*\d*[ \t]*\|[ \t]?/gm, '');

/** Every run of the text that reads as base64 or hex, decoded. */
function decoded(text: string): string[] {
  const runs = text.match(new RegExp(`[A-Za-z0-9+/_-]{${MIN_ENCODED},}`, 'g')) ?? [];
  return runs.flatMap((run) => {
    const base64 = run.replace(/-/g, '+').replace(/_/g, '/');
    // Each alignment: the encoded text may start mid-run (after a word of the message).
    const texts = [0, 1, 2, 3].map((skip) =>
      Buffer.from(base64.slice(skip), 'base64').toString('utf8'),
    );
    for (const hex of run.match(/[0-9a-fA-F]{24,}/g) ?? [])
      for (const skip of [0, 1]) texts.push(Buffer.from(hex.slice(skip), 'hex').toString('utf8'));
    return texts;
  });
}
