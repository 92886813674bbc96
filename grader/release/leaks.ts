import * as fs from 'fs';
import * as path from 'path';
import { hiddenTestsDir, solutionDir, visibleTestsDir } from '../course/layout';
import { readVariants } from '../verify/variants';
import { testFilesIn, testTitlesIn } from '../course/scan-tests';
import type { Course, Exercise } from '../course/types';
import { displayPath } from '../paths';
import { listFiles } from './archive';

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

export type SecretKind = 'solution' | 'known-wrong solution' | 'hidden test' | 'hidden test title';

export interface Secrets {
  files: { kind: SecretKind; source: string; text: string }[];
  /** Blocks of BLOCK meaningful lines, joined by "\n", with where they come from. */
  blocks: Map<string, { kind: SecretKind; source: string }>;
  strings: { kind: SecretKind; source: string; text: string }[];
}

export interface Leak {
  /** Path inside the scanned folder, forward slashes. */
  file: string;
  line?: number;
  kind: SecretKind;
  /** Where the secret comes from in the course. */
  source: string;
  what: string;
}

/** Consecutive lines that make a block. */
export const BLOCK = 4;
/** A whole file shorter than this (whitespace collapsed) is found by its blocks only. */
const MIN_FILE = 60;

export function courseSecrets(course: Course): Secrets {
  const secrets: Secrets = { files: [], blocks: new Map(), strings: [] };
  const show = (file: string) => displayPath(file, course.root);
  for (const exercise of course.exercises) {
    const linesOf = (files: string[]) =>
      files.flatMap((file) =>
        fs.existsSync(file) ? meaningfulLines(read(file)).map((line) => line.text) : [],
      );
    // What students get anyway: a solution shares lines with its starter, a hidden test shares set-up
    // with the visible tests. A solution's block in a visible helper, though, is a leak.
    const starter = new Set(linesOf(exercise.files.map((file) => path.join(exercise.dir, file))));
    const visible = new Set([...starter, ...linesOf(filesUnder(visibleTestsDir(exercise.dir)))]);
    const addText = (kind: SecretKind, source: string, text: string) => {
      const shared = kind === 'hidden test' ? visible : starter;
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
    const add = (kind: SecretKind, file: string) => addText(kind, show(file), read(file));
    for (const file of exercise.files) {
      const solution = path.join(solutionDir(course, exercise), file);
      if (fs.existsSync(solution)) add('solution', solution);
    }
    // A known-wrong solution is kept as a diff: what must not leak is the program it makes.
    for (const variant of readVariants(course, exercise).variants) {
      for (const [file, text] of Object.entries(variant.files)) {
        addText('known-wrong solution', show(path.join(variant.dir, file)), text);
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

/** The manifest's non-visible test names and every title written in hidden/*.test.ts. */
export function hiddenTitles(exercise: Exercise): string[] {
  const titles = new Set(
    exercise.tests.filter((test) => test.visibility !== 'visible').map((test) => test.name),
  );
  for (const file of testFilesIn(hiddenTestsDir(exercise.dir)))
    for (const title of testTitlesIn(file)) titles.add(title);
  return [...titles];
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
