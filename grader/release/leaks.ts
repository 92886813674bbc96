import * as fs from 'fs';
import * as path from 'path';
import { hiddenTestsDir, solutionDir, visibleTestsDir } from '../course/layout';
import { readVariants } from '../verify/variants';
import { hiddenTitles } from '../course/scan-tests';
import type { Course } from '../course/types';
import { graderRoot, displayPath } from '../paths';
import { listFiles } from './archive';
import { TEMPLATES } from './build';

// What must never reach students, and a scan of a release for it. A leak is found by its text, not
// only by its path: a solution pasted into a README or a hidden test's title quoted in a doc is as
// much a leak as a copied solutions/ folder. Found as:
//   - a whole secret file (solution, known-wrong solution, hidden test or its helper), whitespace
//     aside, anywhere;
//   - a block of BLOCK consecutive code lines of a secret file, anywhere (single lines are too
//     common: an import, `return new Promise((resolve, reject) => {`), unless every line of the
//     block is also in what students get anyway: the starter for a solution, the starter and the
//     visible tests for a hidden test (set-up code they share). So a few lines of a hidden test
//     copied into a visible test are not found here; its title, or the whole file, would be;
//   - a hidden test's title, as written or JSON-escaped;
//   - any file under solutions/, an exercise's hidden/ or a wrong/ folder.
// Instructor documentation (docs/, the instructor's README) is secret the same way, as a whole file,
// a block of BLOCK prose lines (unless the student README template says the same) or at its path:
// it explains verify, grading and how hidden tests reach CI, which is how a student's code could
// read them.

type SecretKind =
  | 'solution'
  | 'known-wrong solution'
  | 'hidden test'
  | 'hidden test title'
  | 'instructor documentation';

export interface Secrets {
  files: { kind: SecretKind; source: string; text: string }[];
  /** Blocks of BLOCK meaningful lines, joined by "\n", with where they come from. */
  blocks: Map<string, { kind: SecretKind; source: string }>;
  strings: { kind: SecretKind; source: string; text: string }[];
  /** Paths a copy must not hold (forward slashes), with where they come from. */
  paths: Map<string, { kind: SecretKind; source: string }>;
}

interface Leak {
  /** Path inside the scanned folder, forward slashes. */
  file: string;
  line?: number;
  kind: SecretKind;
  /** Where the secret comes from in the course. */
  source: string;
  what: string;
}

/** Consecutive lines that make a block. */
const BLOCK = 4;
/** A whole file shorter than this (whitespace collapsed) is found by its blocks only. */
const MIN_FILE = 60;

/**
 * What must not reach students from `course`, and from the instructor documentation of the
 * course and of `toolRoot` (the repository holding the grader, as for `buildRelease`).
 */
export function courseSecrets(course: Course, toolRoot = graderRoot): Secrets {
  const secrets: Secrets = { files: [], blocks: new Map(), strings: [], paths: new Map() };
  const show = (file: string) => displayPath(file, course.root);
  const addText = (kind: SecretKind, source: string, text: string, shared: Set<string>) => {
    if (normalize(text).length >= MIN_FILE)
      secrets.files.push({ kind, source, text: normalize(text) });
    const lines = meaningfulLines(text).map((line) => line.text);
    for (let start = 0; start + BLOCK <= lines.length; start++) {
      const block = lines.slice(start, start + BLOCK);
      if (block.every((line) => shared.has(line))) continue;
      const key = block.join('\n');
      if (!secrets.blocks.has(key)) secrets.blocks.set(key, { kind, source });
    }
  };
  // The student README is written from a template that may say what the instructor's does.
  const studentReadme = new Set(
    meaningfulLines(read(path.join(TEMPLATES, 'README.md'))).map((line) => line.text),
  );
  for (const root of new Set([course.root, toolRoot])) {
    for (const file of instructorDocs(root)) {
      const relative = displayPath(file, root);
      const source = root === course.root ? relative : displayPath(file, course.root);
      // Its prose: code examples in it show files students get anyway (a manifest, a test).
      addText('instructor documentation', source, withoutCodeBlocks(read(file)), studentReadme);
      if (relative !== 'README.md')
        secrets.paths.set(relative, { kind: 'instructor documentation', source });
    }
  }
  for (const exercise of course.exercises) {
    const linesOf = (files: string[]) =>
      files.flatMap((file) =>
        fs.existsSync(file) ? meaningfulLines(read(file)).map((line) => line.text) : [],
      );
    // What students get anyway: a solution shares lines with its starter, a hidden test shares set-up
    // with the visible tests. A solution's block in a visible helper, though, is a leak.
    const starter = new Set(linesOf(exercise.files.map((file) => path.join(exercise.dir, file))));
    const visible = new Set([...starter, ...linesOf(filesUnder(visibleTestsDir(exercise.dir)))]);
    const add = (kind: SecretKind, file: string) =>
      addText(kind, show(file), read(file), kind === 'hidden test' ? visible : starter);
    for (const file of exercise.files) {
      const solution = path.join(solutionDir(course, exercise), file);
      if (fs.existsSync(solution)) add('solution', solution);
    }
    // A known-wrong solution is kept as a diff: what must not leak is the program it makes.
    for (const variant of readVariants(course, exercise).variants) {
      for (const [file, text] of Object.entries(variant.files)) {
        addText('known-wrong solution', show(path.join(variant.dir, file)), text, starter);
      }
    }
    for (const file of filesUnder(hiddenTestsDir(exercise.dir))) add('hidden test', file);
    for (const title of hiddenTitles(exercise)) {
      secrets.strings.push({
        kind: 'hidden test title',
        source: show(exercise.manifestPath),
        text: title,
      });
    }
  }
  return secrets;
}

/** The instructor's documentation in a course repository: its README and everything in docs/. */
function instructorDocs(root: string): string[] {
  const readme = path.join(root, 'README.md');
  return [...(fs.existsSync(readme) ? [readme] : []), ...filesUnder(path.join(root, 'docs'))];
}

/** Markdown with its fenced code blocks blanked (lines kept, so line numbers still match). */
function withoutCodeBlocks(markdown: string): string {
  let fenced = false;
  return markdown
    .split('\n')
    .map((line) => {
      const fence = /^\s*(```|~~~)/.test(line);
      const blank = fenced || fence;
      if (fence) fenced = !fenced;
      return blank ? '' : line;
    })
    .join('\n');
}

/** Every leak of `secrets` in the files under `dir` (node_modules and .git are not looked at). */
export function findLeaks(dir: string, secrets: Secrets): Leak[] {
  const leaks: Leak[] = [];
  for (const relative of listFiles(dir)) {
    if (/(^|\/)(node_modules|\.git)\//.test(relative)) continue;
    const parts = relative.split('/');
    if (
      parts[0] === 'solutions' ||
      (parts[0] === 'exercises' && parts.slice(2, -1).some((p) => p === 'hidden' || p === 'wrong'))
    ) {
      leaks.push({
        file: relative,
        kind: parts[0] === 'solutions' ? 'solution' : 'hidden test',
        source: relative,
        what: 'a file in a folder students must not get',
      });
    }
    const page = secrets.paths.get(relative);
    if (page) leaks.push({ file: relative, ...page, what: 'a page at the path' });
    const bytes = fs.readFileSync(path.join(dir, ...parts));
    if (bytes.includes(0)) continue;
    const text = bytes.toString('utf8');
    const flat = normalize(text);
    for (const secret of secrets.files) {
      if (flat.includes(secret.text))
        leaks.push({
          file: relative,
          kind: secret.kind,
          source: secret.source,
          what: 'the whole file',
        });
    }
    const lines = meaningfulLines(text);
    for (let start = 0; start + BLOCK <= lines.length; start++) {
      const block = lines.slice(start, start + BLOCK);
      const found = secrets.blocks.get(block.map((line) => line.text).join('\n'));
      if (found) {
        leaks.push({
          file: relative,
          line: block[0].number,
          kind: found.kind,
          source: found.source,
          what: `${BLOCK} lines ("${block[0].text.slice(0, 60)}" ...)`,
        });
        start += BLOCK - 1;
      }
    }
    for (const secret of secrets.strings) {
      const escaped = JSON.stringify(secret.text).slice(1, -1);
      const at = [secret.text, escaped]
        .map((form) => text.indexOf(form))
        .filter((index) => index !== -1);
      if (at.length > 0) {
        leaks.push({
          file: relative,
          line: text.slice(0, Math.min(...at)).split('\n').length,
          kind: secret.kind,
          source: secret.source,
          what: `the title "${secret.text}"`,
        });
      }
    }
  }
  return leaks;
}

export function formatLeak(leak: Leak): string {
  return `${leak.file}${leak.line ? `:${leak.line}` : ''}: ${leak.what} of ${leak.kind} ${leak.source}`;
}

/** Trimmed lines that say something: at least 12 characters and a letter (not `});` or `}`). */
function meaningfulLines(text: string): { text: string; number: number }[] {
  return text
    .split('\n')
    .map((line, index) => ({ text: line.trim(), number: index + 1 }))
    .filter((line) => line.text.length >= 12 && /[A-Za-z]/.test(line.text));
}

const normalize = (text: string) => text.replace(/\s+/g, ' ').trim();
const read = (file: string) => fs.readFileSync(file, 'utf8');

function filesUnder(dir: string): string[] {
  return fs.existsSync(dir) ? listFiles(dir).map((file) => path.join(dir, ...file.split('/'))) : [];
}
