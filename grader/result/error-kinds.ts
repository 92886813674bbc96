import type { TestResult } from './types';

// A student's own error is compared by its kind, not its wording (docs/authoring.md, "What
// counts as the same error"): a submission whose unlock() throws "unlock of a free mutex" makes
// the same mistake as a known-wrong solution whose unlock() throws "unlock() called on a mutex
// that is not locked", when both threw at the same place in the same test. An error the code
// passed along (a task's own error, made by the test) is an observation like any other value,
// and keeps its wording.

/**
 * The classes the JavaScript runtime raises by itself: an error of one of these is a kind of its
 * own (the runtime refused something: a property of undefined, an index out of range), another
 * mistake than a refusal the student wrote. Every other class, Error and the student's own
 * subclasses alike, is the kind "Error".
 */
const RUNTIME_CLASSES = new Set([
  'TypeError',
  'RangeError',
  'ReferenceError',
  'SyntaxError',
  'EvalError',
  'URIError',
  'AggregateError',
]);

/** A jest matcher's own line ("expect(received).toBe(expected)"): the test's assertion failed. */
const MATCHER_LINE = /^\s*expect\(/m;
/** "TypeError: message" as a thrown error's first line reads (a plain Error's name is dropped). */
const CLASS_PREFIX = /^((?:[A-Za-z_$][\w$]{0,60})?Error): /;

/** At most this much of a message is looked for in the student's files (student text). */
const MAX_MESSAGE = 240;

/**
 * The kind of error the student's own code threw out of a failing test, or undefined when the test
 * failed otherwise. The code threw when the failure is an error, not an assertion (no matcher line
 * in its message), and its stack passed through the student's files (the failure has a location,
 * which only ever points into them; run/failure-message.ts). A stack through the student's files
 * is not enough for an Error: the test's own error, thrown in a callback the student's code ran
 * (withLock's critical section), passes there too; so an Error counts only when its message is in
 * the student's own words (`own`, writtenIn). A runtime class (TypeError, RangeError...) is raised
 * by the runtime at the student's line, in the runtime's words. Thrown or rejected is not part of
 * the kind: jest reports an awaited rejection exactly as a throw, and both are the same refusal. A
 * value that is no Error (`throw 'busy'`) has no stack, so no location, and is not counted here.
 */
export function thrownKind(test: TestResult, own: OwnWords): string | undefined {
  if (test.status !== 'fail' || !test.location || !test.message) return undefined;
  if (MATCHER_LINE.test(test.message)) return undefined;
  const first = test.message.split('\n', 1)[0].slice(0, MAX_MESSAGE);
  const prefix = CLASS_PREFIX.exec(first);
  const kind = errorKind(prefix?.[1]);
  if (kind === 'Error' && !own(first.slice(prefix?.[0].length ?? 0))) return undefined;
  return kind;
}

/** The kind of an error of this class (its name; undefined: a plain Error, whose name is dropped). */
export function errorKind(className: string | undefined): string {
  return className && RUNTIME_CLASSES.has(className) ? className : 'Error';
}

/**
 * The values a message carries, which are observations and not wording: its numbers (a duration
 * already "#"), and codes and signals in capitals (EPIPE, SIGKILL). " with 0, SIGKILL", or "".
 */
export function carried(message: string): string {
  const values = message.match(/#|\d[\d,._]*|\b[A-Z][A-Z0-9_]{2,}\b/g) ?? [];
  return values.length > 0 ? ` with ${values.join(', ')}` : '';
}

/** Own error messages shorter than this are not looked for in other lines: too likely by chance. */
const MIN_OWN_MESSAGE = 8;

export const numbersAsHash = (text: string) => text.replace(/\d[\d,._]*/g, '#');

/** A feature's parts: `<kind>|<test>|<rest>` (a verdict feature: `verdict|<verdict>|<test>`). */
export function splitFeature(feature: string): { kind: string; test: string; rest: string } {
  const first = feature.indexOf('|');
  const second = feature.indexOf('|', first + 1);
  return {
    kind: feature.slice(0, first),
    test: feature.slice(first + 1, second),
    rest: feature.slice(second + 1),
  };
}

/**
 * Features (with how often each was seen) as recognition compares them: a test where the code
 * threw its own error (a `threw|<test>|<kind>` feature) keeps its verdict and that kind, and its
 * message's wording (shape and value) is dropped; where that same message shows up in another
 * test's lines (a worker's error copied into what the test observed), it reads as "the message of
 * the code's own <kind>". Two features that become one keep the larger count.
 */
export function byKind(features: [string, number][]): Map<string, number> {
  const threw = new Map<string, string>();
  for (const [feature] of features) {
    const { kind, test, rest } = splitFeature(feature);
    if (kind === 'threw') threw.set(test, rest);
  }
  // The messages the code threw, as a value feature holds them: "TypeError: x" or "x".
  const own: { text: string; kind: string }[] = [];
  for (const [feature] of features) {
    const { kind, test, rest } = splitFeature(feature);
    const thrown = kind === 'value' ? threw.get(test) : undefined;
    if (!thrown) continue;
    const text = rest.replace(CLASS_PREFIX, '');
    if (text.length >= MIN_OWN_MESSAGE) own.push({ text, kind: thrown });
  }
  const compared = new Map<string, number>();
  for (const [feature, count] of features) {
    const { kind, test } = splitFeature(feature);
    if ((kind === 'shape' || kind === 'value') && threw.has(test)) continue;
    let seen = feature;
    if (kind === 'diff' || kind === 'shape' || kind === 'value')
      for (const { text, kind: ownKind } of own) {
        seen = seen
          .split(kind === 'shape' ? numbersAsHash(text) : text)
          .join(`<the message of its own ${ownKind}>`);
      }
    compared.set(seen, Math.max(count, compared.get(seen) ?? 0));
  }
  return compared;
}

/** Whether a message is the student's own: which of its words the student's files hold. */
export type OwnWords = (message: string) => boolean;

/** No text is known to be the student's (no files at hand). */
export const NO_OWN_WORDS: OwnWords = () => false;

/** A message's pieces shorter than this are not looked for: "at", "of" are in every file. */
const MIN_PIECE = 3;

/**
 * Messages the student wrote: every piece of the message between its numbers (a duration already
 * written "#") is in one of the files, and the pieces hold at least MIN_OWN_MESSAGE characters. A
 * template (`no item came within ${ms / 1000} s`) counts; an error the test made and the code
 * passed along ("A broke on its 3rd step") does not, nor a runtime's own words ("Invalid atomic
 * access index"), which no student file holds.
 */
export function writtenIn(sources: string[]): OwnWords {
  return (message) => {
    // Bounded, as every message is where features are made: the first line's 240 characters.
    const pieces = message
      .slice(0, MAX_MESSAGE)
      .split(/#|\d[\d,._]*/)
      .map((piece) => piece.trim())
      .filter((piece) => piece.length >= MIN_PIECE);
    const length = pieces.reduce((sum, piece) => sum + piece.length, 0);
    return (
      length >= MIN_OWN_MESSAGE &&
      pieces.every((piece) => sources.some((source) => source.includes(piece)))
    );
  };
}

/** An Error as jest prints it inside a value ("[TypeError: x]"), or as String(error) ("TypeError: x" in quotes). */
const PRINTED_ERROR =
  /\[((?:[A-Za-z_$][\w$]{0,60})?Error): ([^\]]*)(\]|$)|"((?:[A-Za-z_$][\w$]{0,60})?Error): ((?:[^"\\]|\\.)*)("|$)/g;

/**
 * A test's observed line with each error the student's code made (its message the student's own
 * words) written by its kind: `+ "error": "Error: get(): no item came within # s"` reads
 * `+ "error": "Error: <its own message>"`. An error whose words are not the student's keeps them.
 */
export function ownErrorByKind(line: string, own: OwnWords): string {
  return line.replace(
    PRINTED_ERROR,
    (whole, bracketName, bracketText, close, quoteName, quoteText, quote) => {
      const text = (bracketText ?? quoteText) as string;
      if (!own(text)) return whole;
      const kind = `${errorKind((bracketName ?? quoteName) as string)}${carried(text)}`;
      return bracketName
        ? `[${kind}: <its own message>${close}`
        : `"${kind}: <its own message>${quote}`;
    },
  );
}
