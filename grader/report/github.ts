import type { ExerciseResult, ResultDocument, TestResult } from '../result/types';

// GitHub Actions workflow commands (docs: "Workflow commands for GitHub Actions"): a line
// `::error file=F,line=L,col=C,title=T::message` becomes an annotation on that file and line of
// the pull request. The message is "data" and the properties are "properties"; both are escaped
// as the Actions toolkit does (@actions/core command.ts escapeData / escapeProperty).

export interface AnnotationOptions {
  /** Per exercise id, the student's files (`exercise.files`): where an annotation lands when a failure has no line. */
  studentFiles: Record<string, string[]>;
  /** Turns a subject-relative path (`<folder>/<file>`) into one relative to the repository root, e.g. "exercises/". */
  pathPrefix: string;
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

// GitHub shows at most 10 error annotations per step: a long message is cut, never the list.
const MESSAGE_LIMIT = 2000;

/**
 * The annotations for a (redacted) result document: one per visible test that failed or timed
 * out, on the student's line the failure points to; one per type error; one per exercise whose
 * hidden tests failed, saying only how many (their names and messages stay private).
 */
export function annotationsFor(document: ResultDocument, options: AnnotationOptions): Annotation[] {
  return document.exercises.flatMap((exercise) => exerciseAnnotations(exercise, options));
}

export function renderAnnotations(document: ResultDocument, options: AnnotationOptions): string {
  const lines = annotationsFor(document, options).map(formatCommand);
  return lines.length > 0 ? lines.join('\n') + '\n' : '';
}

function exerciseAnnotations(exercise: ExerciseResult, options: AnnotationOptions): Annotation[] {
  const files = options.studentFiles[exercise.id] ?? [];
  const folder = `${exercise.id}-${exercise.slug}`;
  const firstFile = files.length > 0 ? `${options.pathPrefix}${folder}/${files[0]}` : undefined;
  const fallback = firstFile ? { file: firstFile, line: 1 } : {};

  if (!exercise.compile.ok) {
    return exercise.compile.diagnostics.map((diagnostic) => ({
      level: 'error',
      file: diagnostic.file ? options.pathPrefix + diagnostic.file : firstFile,
      line: diagnostic.file ? diagnostic.line : 1,
      col: diagnostic.file ? diagnostic.column : undefined,
      title: `${exercise.id} does not compile (${diagnostic.code})`,
      message: cap(diagnostic.message),
    }));
  }
  if (exercise.status === 'error') {
    return [
      {
        level: 'error',
        title: `${exercise.id} could not be checked`,
        message: cap(exercise.message ?? 'nothing could run'),
      },
    ];
  }

  const annotations: Annotation[] = exercise.tests
    .filter((test) => test.visibility === 'visible' && isFailure(test))
    .map((test) => ({
      level: 'error',
      ...(test.location
        ? {
            file: options.pathPrefix + test.location.file,
            line: test.location.line,
            col: test.location.column,
          }
        : fallback),
      title: `${exercise.id}: ${test.name} (${test.status === 'timeout' ? 'timed out' : 'failed'})`,
      message: cap(
        [test.message ?? 'failed', test.hint ? `hint: ${test.hint}` : '']
          .filter(Boolean)
          .join('\n'),
      ),
    }));

  const hidden = exercise.tests.filter((test) => test.visibility !== 'visible');
  const hiddenFailed = hidden.filter(isFailure);
  if (hiddenFailed.length > 0) {
    const lost = hiddenFailed.reduce((sum, test) => sum + test.max_score - test.score, 0);
    annotations.push({
      level: 'error',
      ...fallback,
      title: `${exercise.id}: hidden tests failed`,
      message: `${hiddenFailed.length} of ${hidden.length} hidden tests did not pass (${points(lost)} points). Their names and messages are not shown; the visible tests and the exercise's hints are the place to start.`,
    });
  }

  if (exercise.style && !exercise.style.ok) {
    for (const file of exercise.style.unformatted) {
      annotations.push({
        level: exercise.style.max_score > 0 ? 'warning' : 'notice',
        file: options.pathPrefix + file,
        line: 1,
        title: `${exercise.id}: formatting`,
        message: `prettier would reformat this file: npx prettier --write ${options.pathPrefix}${file}`,
      });
    }
  }
  return annotations;
}

const isFailure = (test: TestResult) => test.status === 'fail' || test.status === 'timeout';

const points = (value: number) => String(Math.round(value * 100) / 100);

function cap(text: string): string {
  return text.length > MESSAGE_LIMIT ? `${text.slice(0, MESSAGE_LIMIT)}\n[...cut]` : text;
}
