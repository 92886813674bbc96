import * as fs from 'fs';
import * as path from 'path';
import type { Course, Exercise } from '../course/types';

// The hostile corpus (grader/test/fixtures/hostile/): one folder per case, laid out as a
// student's submission, with a case.json saying what the case tries and what its verdict must
// be. Fixtures stay small and readable through placeholders expanded when a case is copied:
//   /* __STARTER__ */   the exercise's starter file (most attacks ride on top of it)
//   /* __FORGE__ */     forge.ts: turns tokens a memory-reading attack found into forged passes
//   /* __READ_PARENT_MEMORY__ */ read-parent-memory.ts: a child's program that reads its parent's
//                       memory through /proc and prints the id and token arrays it finds
//   /* __READ_THROUGH_CHILD__ */ readThroughChild(file, args, options): CHILD run in a child
//                       started as given, its findings parsed
//   /* __READ_THROUGH_WORKER__ */ readThroughWorker(options): CHILD run, with an empty
//                       environment, by a worker started with these options
//   /* __SWALLOW_FAILURES__ */ swallowFailures(promise): an own then that fulfils where an
//                       assertion rejected
//   /* __SOLUTION__ */  the reference solution (honest students with an odd twist)
//   /* __SOLUTION_CRLF__ */ the same with Windows line endings (git and prettier keep files LF)
//   __PORT__            the loopback port the test listens on
//   /* __BRACKETS_N__ */ N "[" then N "]" (the parser stack bomb, 120 KB, kept out of git)
//   /* __TERMS_N__ */   0 then N terms " + 1" (too deep for the transpiler, and for prettier)

export const corpusDir = path.join(__dirname, 'fixtures', 'hostile');

export interface CaseExpectation {
  /** true: the job is flagged (status error, score 0, a tampering note); false: never flagged. */
  tampering?: boolean;
  status?: 'pass' | 'fail' | 'error';
  /** A regex (case-insensitive) that the job's message or one of its test messages matches. */
  message?: string;
}

export interface HostileCase {
  /** The folder name: the student's id in the batch. */
  id: string;
  exercise: string;
  /** What the honest part of the submission earns: the job may never score more. */
  honestMaxScore: number;
  about: string;
  expect: CaseExpectation;
}

export function readCorpus(): HostileCase[] {
  return fs
    .readdirSync(corpusDir)
    .filter((name) => fs.existsSync(path.join(corpusDir, name, 'case.json')))
    .sort()
    .map((id) => {
      const raw = JSON.parse(fs.readFileSync(path.join(corpusDir, id, 'case.json'), 'utf8')) as {
        exercise: string;
        honestMaxScore: number;
        about: string;
        expect?: CaseExpectation;
      };
      return { id, ...raw, expect: raw.expect ?? {} };
    });
}

export interface Expansion {
  course: Course;
  port: number;
}

/** Copies one case's submission (without case.json) into `dest`, expanding the placeholders. */
export function materializeCase(item: HostileCase, dest: string, expansion: Expansion): void {
  const exercise = exerciseById(expansion.course, item.exercise);
  const copy = (from: string, to: string) => {
    fs.mkdirSync(to, { recursive: true });
    for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
      if (entry.name === 'case.json' && from === path.join(corpusDir, item.id)) continue;
      const source = path.join(from, entry.name);
      const target = path.join(to, entry.name);
      if (entry.isDirectory()) copy(source, target);
      else fs.writeFileSync(target, expand(fs.readFileSync(source, 'utf8'), exercise, expansion));
    }
  };
  copy(path.join(corpusDir, item.id), dest);
}

/** Pieces several cases share, pasted where a case names them. */
const PIECES = {
  FORGE: 'forge.ts',
  POLL_THAT_GIVES_UP: 'poll-that-gives-up.ts',
  READ_PARENT_MEMORY: 'read-parent-memory.ts',
  READ_THROUGH_CHILD: 'read-through-child.ts',
  READ_THROUGH_WORKER: 'read-through-worker.ts',
  SWALLOW_FAILURES: 'swallow-failures.ts',
};
const PIECE = new RegExp(`/\\* __(${Object.keys(PIECES).join('|')})__ \\*/`, 'g');

function expand(text: string, exercise: Exercise, { course, port }: Expansion): string {
  const file = exercise.files[0];
  // Functions as replacements: the course's code may hold "$&" and other replacement patterns.
  const starter = () => fs.readFileSync(path.join(exercise.dir, file), 'utf8');
  const solution = () =>
    fs.readFileSync(path.join(course.root, 'solutions', exercise.folder, file), 'utf8');
  return text
    .replace('/* __STARTER__ */', starter)
    .replace(PIECE, (_all, piece: keyof typeof PIECES) =>
      fs.readFileSync(path.join(corpusDir, PIECES[piece]), 'utf8'),
    )
    .replace('/* __SOLUTION__ */', solution)
    .replace('/* __SOLUTION_CRLF__ */', () => solution().replace(/\r?\n/g, '\r\n'))
    .replace(/\/\* __BRACKETS_(\d+)__ \*\/ 0/, (_all, count: string) => {
      const n = Number(count);
      return `${'['.repeat(n)}0${']'.repeat(n)}`;
    })
    .replace(
      /\/\* __TERMS_(\d+)__ \*\/ 0/,
      (_all, count: string) => `(0 as number)${' + 1'.repeat(Number(count))}`,
    )
    .replace(/__PORT__/g, String(port));
}

export function exerciseById(course: Course, id: string): Exercise {
  const exercise = course.exercises.find((candidate) => candidate.id === id);
  if (!exercise) throw new Error(`the hostile corpus names ${id}, which the course does not have`);
  return exercise;
}

/** An honest student: the course's reference solution, or its starter, for one exercise. */
export interface HonestStudent {
  id: string;
  exercise: string;
  from: 'solution' | 'starter';
}

/**
 * Written as student repositories (exercises/<folder>/<file>). Named to sort after the corpus, so
 * that they are graded after every case that tries to poison what later students get.
 */
export function writeHonest(course: Course, student: HonestStudent, dest: string): void {
  const exercise = exerciseById(course, student.exercise);
  const from =
    student.from === 'solution'
      ? path.join(course.root, 'solutions', exercise.folder)
      : exercise.dir;
  for (const file of exercise.files) {
    const target = path.join(dest, 'exercises', exercise.folder, file);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.copyFileSync(path.join(from, file), target);
  }
}
