import * as fs from 'fs';
import * as path from 'path';
import { hiddenTestsDir } from './layout';
import type { Exercise } from './types';
import { isHidden } from './visibility';

// Test titles are read from the source: tests are flat (no describe) and titled with a literal,
// so the manifest can be checked against the files without running them.
const TEST_CALL = /\b(?:test|it)(?:\.failing)?\(\s*(['"`])((?:\\.|(?!\1)[^\\])*)\1/g;

export function testFilesIn(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((name) => name.endsWith('.test.ts'))
    .sort()
    .map((name) => path.join(dir, name));
}

export function testTitlesIn(file: string): string[] {
  const source = fs.readFileSync(file, 'utf8');
  return [...source.matchAll(TEST_CALL)].map((match) => unescape(match[2]));
}

function unescape(literal: string): string {
  return literal.replace(/\\(.)/g, (_, character: string) => character);
}

/** The manifest's non-visible test names and every title written in hidden/*.test.ts. */
export function hiddenTitles(exercise: Exercise): string[] {
  const titles = new Set(exercise.tests.filter(isHidden).map((test) => test.name));
  for (const file of testFilesIn(hiddenTestsDir(exercise.dir)))
    for (const title of testTitlesIn(file)) titles.add(title);
  return [...titles];
}
