import * as fs from 'fs';
import * as path from 'path';

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
