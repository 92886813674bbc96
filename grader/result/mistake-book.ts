import * as fs from 'fs';
import { mistakeBookPath } from '../course/layout';
import type { Exercise } from '../course/types';
import { schemaProblems, writeValidJson } from '../schemas';
import { NO_OWN_WORDS, OwnWords } from './error-kinds';
import { MistakeBook, MistakeSignature, recognise } from './mistakes';
import type { ExerciseResult } from './types';

/**
 * The exercise's known mistakes as verify last saw them fail; none when the file is absent (a
 * student copy has no hidden/) or does not fit its schema (then recognising nothing is safe).
 */
export function readMistakeBook(exercise: Exercise): MistakeSignature[] {
  const file = mistakeBookPath(exercise.dir);
  if (!fs.existsSync(file)) return [];
  try {
    const book = JSON.parse(fs.readFileSync(file, 'utf8')) as MistakeBook;
    if (schemaProblems('mistakes', book, file).length > 0 || book.exercise !== exercise.id)
      return [];
    return book.signatures;
  } catch {
    return [];
  }
}

export function writeMistakeBook(exercise: Exercise, signatures: MistakeSignature[]): string {
  const file = mistakeBookPath(exercise.dir);
  const book: MistakeBook = { version: 1, exercise: exercise.id, signatures };
  writeValidJson('mistakes', file, book);
  return file;
}

/**
 * The result with the known mistake its failures most likely are, when one clearly matches; `own`:
 * the words of the student's files, so that the student's own errors are compared by kind.
 */
export function withRecognisedMistake(
  result: ExerciseResult,
  signatures: MistakeSignature[],
  own: OwnWords = NO_OWN_WORDS,
): ExerciseResult {
  if (result.status !== 'fail' || signatures.length === 0) return result;
  const recognised = recognise(signatures, result, own);
  return recognised ? { ...result, mistake: recognised } : result;
}
