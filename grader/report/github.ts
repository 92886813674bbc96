import type { ExerciseResult, ResultDocument, TestResult } from '../result/types';
import { isHidden, shownToStudent } from '../course/visibility';
import {
  hiddenFailureKinds,
  hiddenFailurePlaces,
  mistakeSentence,
  stuckHint,
} from './failure-advice';
import { StudentSource, subjectPlace } from './subject-place';

// GitHub Actions workflow commands (docs: "Workflow commands for GitHub Actions"): a line
// `::error file=F,line=L,col=C,title=T::message` becomes an annotation on that file and line of
// the pull request. The message is "data" and the properties are "properties"; both are escaped
// as the Actions toolkit does (@actions/core command.ts escapeData / escapeProperty).

export interface AnnotationOptions {
  /** Per exercise id, the student's files (`exercise.files`): where an annotation lands when a failure has no line. */
  studentFiles: Record<string, string[]>;
  /** Turns a subject-relative path (`<folder>/<file>`) into one relative to the repository root, e.g. "exercises/". */
  pathPrefix: string;
  /** Per exercise id, the student's files with their text: where a failure with no line lands (report/subject-place.ts). */
  sources?: Record<string, StudentSource[]>;
  /** Per exercise id and visible test name, the texts of the promises it checks: what the test is about, when its name does not say. */
  about?: Record<string, Record<string, string[]>>;
  /** Per exercise id, the texts of the promises its failing hidden tests check, most doubted first (never their names). */
  hiddenAbout?: Record<string, string[]>;
}

export type AnnotationLevel = 'error' | 'warning' | 'notice';

export interface Annotation {
  level: AnnotationLevel;
  message: string;
  title?: string;
  file?: string;
  line?: number;
  col?: number;
}

/** `%`, CR and LF would end or corrupt the command: they are percent-encoded. */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Properties are also split on `,` and `:`, so those are encoded too. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function formatCommand(annotation: Annotation): string {
  const properties = (
    [
      ['file', annotation.file],
      ['line', annotation.line],
      ['col', annotation.col],
      ['title', annotation.title],
    ] as const
  )
    .filter(([, value]) => value !== undefined && value !== '')
    .map(([key, value]) => `${key}=${escapeProperty(String(value))}`)
    .join(',');
  return `::${annotation.level}${properties ? ` ${properties}` : ''}::${escapeData(annotation.message)}`;
}

/** A long message is cut, so that an annotation never grows the log past reading. */
const MESSAGE_LIMIT = 2000;

/**
 * GitHub shows at most 10 error, 10 warning and 10 notice annotations per step (50 per job) and
 * drops the rest without a word ("Problem Matchers", Limitations). So each exercise gets at most
 * one error annotation, in exercise order, and one notice counts what was not annotated.
 */
export const ANNOTATIONS_PER_LEVEL = 10;

/** One exercise's failures, first first, and its other annotations (formatting). */
interface ExerciseAnnotations {
  id: string;
  /** The annotation for the exercise's first failure, when it has one. */
  first?: Annotation;
  /** Every failure: each type error, each failing (or timed-out) test, hidden ones included. */
  failures: number;
  /** How many of them `first` stands for (all the failed hidden tests, when it counts them). */
  covers: number;
  others: Annotation[];
}

/**
 * The annotations for a (redacted) result document, within GitHub's limits: per exercise, in
 * order, one error on the student's line for its first type error or first failing visible test
 * (or, when only hidden tests failed, a count of them: names and messages stay private); at most
 * ANNOTATIONS_PER_LEVEL of them, then one notice `N more failures: see the job summary` naming
 * the exercises whose failures were not all annotated. The job summary has every failure.
 */
export function annotationsFor(document: ResultDocument, options: AnnotationOptions): Annotation[] {
  const exercises = document.exercises.map((exercise) => exerciseAnnotations(exercise, options));
  const errors: Annotation[] = [];
  const rest: { id: string; count: number }[] = [];
  for (const exercise of exercises) {
    const first = errors.length < ANNOTATIONS_PER_LEVEL ? exercise.first : undefined;
    if (first) errors.push(first);
    const unannotated = exercise.failures - (first ? exercise.covers : 0);
    if (unannotated > 0) rest.push({ id: exercise.id, count: unannotated });
  }
  const more = rest.reduce((sum, exercise) => sum + exercise.count, 0);
  const moreNotice: Annotation[] =
    more === 0
      ? []
      : [
          {
            level: 'notice',
            title: 'More failures in the job summary',
            message: `${more} more failure${more === 1 ? '' : 's'}: see the job summary (${rest
              .map((exercise) => `${exercise.id}: ${exercise.count}`)
              .join(', ')}).`,
          },
        ];
  const others = exercises.flatMap((exercise) => exercise.others);
  const of = (level: AnnotationLevel) => others.filter((annotation) => annotation.level === level);
  return [
    ...errors,
    ...moreNotice,
    ...of('warning').slice(0, ANNOTATIONS_PER_LEVEL),
    // The count of failures comes first among the notices, so the limit never drops it.
    ...of('notice').slice(0, ANNOTATIONS_PER_LEVEL - moreNotice.length),
  ];
}

export function renderAnnotations(document: ResultDocument, options: AnnotationOptions): string {
  const lines = annotationsFor(document, options).map(formatCommand);
  return lines.length > 0 ? lines.join('\n') + '\n' : '';
}

function exerciseAnnotations(
  exercise: ExerciseResult,
  options: AnnotationOptions,
): ExerciseAnnotations {
  const files = options.studentFiles[exercise.id] ?? [];
  const folder = `${exercise.id}-${exercise.slug}`;
  const firstFile = files.length > 0 ? `${options.pathPrefix}${folder}/${files[0]}` : undefined;
  const fallback = firstFile ? { file: firstFile, line: 1 } : {};
  const result: ExerciseAnnotations = { id: exercise.id, failures: 0, covers: 1, others: [] };
  // The first failure's annotation says how many more the exercise has.
  const withMore = (annotation: Annotation): Annotation => {
    const more = result.failures - result.covers;
    return more > 0
      ? {
          ...annotation,
          message: `${annotation.message}\n(${more} more failure${more === 1 ? '' : 's'} in ${exercise.id}: see the job summary)`,
        }
      : annotation;
  };

  if (!exercise.compile.ok) {
    const diagnostics = exercise.compile.diagnostics;
    result.failures = Math.max(1, diagnostics.length);
    const [diagnostic] = diagnostics;
    result.first = withMore({
      level: 'error',
      file: diagnostic?.file ? options.pathPrefix + diagnostic.file : firstFile,
      line: diagnostic?.file ? diagnostic.line : 1,
      col: diagnostic?.file ? diagnostic.column : undefined,
      title: `${exercise.id} does not compile${diagnostic ? ` (${diagnostic.code})` : ''}`,
      message: cap(diagnostic?.message ?? exercise.message ?? 'the type-check failed'),
    });
    return result;
  }
  if (exercise.status === 'error') {
    result.failures = 1;
    result.first = {
      level: 'error',
      title: `${exercise.id} could not be checked`,
      message: cap(exercise.message ?? 'nothing could run'),
    };
    return result;
  }

  const visibleFailed = exercise.tests.filter((test) => shownToStudent(test) && isFailure(test));
  // What kind of input a hidden case table failed for ("no inputs at all"): the table's own words,
  // never its case or test (result/failed-input-kind.ts), as check and feedback.md say it.
  const kindSentences = hiddenFailureKinds(exercise, shownToStudent).map(
    (kind) => `A hidden test failed for ${kind}.`,
  );
  const hidden = exercise.tests.filter(isHidden);
  const hiddenFailed = hidden.filter(isFailure);
  result.failures = visibleFailed.length + hiddenFailed.length;
  const [test] = visibleFailed;
  if (test) {
    // The test's own place in the student's code; else where a hidden test failed in it (the
    // bug is there, e.g. in mutex.ts when the visible test is about counter.ts); else the
    // declaration of what the test is about; else line 1 of the first file.
    const [hiddenPlace] = test.location ? [] : hiddenFailurePlaces(exercise, shownToStudent);
    const place =
      test.location ??
      hiddenPlace ??
      subjectPlace(
        [test.name, ...(options.about?.[exercise.id]?.[test.name] ?? [])].join('\n'),
        options.sources?.[exercise.id] ?? [],
      );
    result.first = withMore({
      level: 'error',
      ...(place
        ? { file: options.pathPrefix + place.file, line: place.line, col: place.column }
        : fallback),
      title: `${exercise.id}: ${test.name} (${test.status === 'timeout' ? 'timed out' : 'failed'})`,
      message: cap(
        [
          test.message ?? 'failed',
          hiddenPlace ? 'A hidden test failed at this line of your code.' : '',
          test.hint ? `hint: ${test.hint}` : '',
          ...kindSentences,
          mistakeSentence(exercise),
        ]
          .filter(Boolean)
          .join('\n'),
      ),
    });
  } else if (hiddenFailed.length > 0) {
    const lost = hiddenFailed.reduce((sum, each) => sum + each.max_score - each.score, 0);
    result.covers = hiddenFailed.length;
    // A place in the student's own code (redaction keeps it, without the test): the right file
    // and line. Else the declaration of what the failing tests' promises name (their function,
    // found in the student's files: the code the tests judged). Else the first file with no line:
    // GitHub shows a file-level annotation on the file itself, and line 1 would claim a line that
    // nothing observed (it was where every such failure landed before).
    const [failedAt] = hiddenFailurePlaces(exercise, shownToStudent);
    const promiseText = (options.hiddenAbout?.[exercise.id] ?? []).join('\n');
    const named = failedAt
      ? undefined
      : promiseText
        ? subjectPlace(promiseText, options.sources?.[exercise.id] ?? [])
        : undefined;
    const place = failedAt ?? named;
    const hint = stuckHint(exercise);
    result.first = {
      level: 'error',
      ...(place
        ? { file: options.pathPrefix + place.file, line: place.line, col: place.column }
        : firstFile && { file: firstFile }),
      title: `${exercise.id}: hidden tests failed`,
      message: cap(
        [
          `${hiddenFailed.length} of ${hidden.length} hidden tests did not pass (${points(lost)} points)${failedAt ? '; one failed at this line' : named ? '; they check what is declared here' : ''}. Their names and messages are not shown; the visible tests and the exercise's hints are the place to start.`,
          ...kindSentences,
          mistakeSentence(exercise),
          hint && `Stuck? ${hint}`,
        ]
          .filter(Boolean)
          .join('\n'),
      ),
    };
  }

  if (exercise.style && !exercise.style.ok) {
    for (const file of exercise.style.unformatted) {
      result.others.push({
        level: exercise.style.max_score > 0 ? 'warning' : 'notice',
        file: options.pathPrefix + file,
        line: 1,
        title: `${exercise.id}: formatting`,
        message: `prettier would reformat this file: npx prettier --write ${options.pathPrefix}${file}`,
      });
    }
  }
  return result;
}

const isFailure = (test: TestResult) => test.status === 'fail' || test.status === 'timeout';

const points = (value: number) => String(Math.round(value * 100) / 100);

function cap(text: string): string {
  return text.length > MESSAGE_LIMIT ? `${text.slice(0, MESSAGE_LIMIT)}\n[...cut]` : text;
}
