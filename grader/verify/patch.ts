/**
 * Applies a unified diff (as `diff -u` or `git diff --no-index` write it) to a text, strictly:
 * every context and removed line must match where the hunk says. A known-wrong solution is kept
 * as such a diff against the reference solution, so it stays one small, readable mistake, and a
 * change to the solution that the mistake no longer fits is reported instead of silently ignored.
 */
export class PatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PatchError';
  }
}

const HUNK = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

export function applyPatch(original: string, diff: string): string {
  const endsWithNewline = original.endsWith('\n');
  const source = (endsWithNewline ? original.slice(0, -1) : original).split('\n');
  const output: string[] = [];
  let outputEndsWithNewline = endsWithNewline;
  let previousMarker = '';
  let cursor = 0; // next unread line of `source`, 0-based
  const lines = diff.split('\n');
  let index = lines.findIndex((line) => HUNK.test(line));
  if (index === -1) throw new PatchError('the diff has no hunk (@@ ... @@)');
  while (index < lines.length && HUNK.test(lines[index])) {
    const [, oldStart, oldCount] = HUNK.exec(lines[index])!;
    // A hunk that only adds lines to an empty region names the line before it.
    const start = Number(oldCount) === 0 ? Number(oldStart) : Number(oldStart) - 1;
    if (start < cursor) throw new PatchError(`hunk ${lines[index]} overlaps the one before it`);
    output.push(...source.slice(cursor, start));
    cursor = start;
    for (index++; index < lines.length && !HUNK.test(lines[index]); index++) {
      const line = lines[index];
      const marker = line[0];
      const text = line.slice(1);
      if (marker === '\\') {
        // "\ No newline at end of file" speaks of the side of the line before it.
        outputEndsWithNewline = previousMarker === '-';
        continue;
      }
      if (line === '') continue;
      previousMarker = marker;
      if (marker === '+') {
        output.push(text);
        continue;
      }
      if (marker !== ' ' && marker !== '-') throw new PatchError(`unexpected diff line: ${line}`);
      if (source[cursor] !== text) {
        throw new PatchError(
          `line ${cursor + 1} should be ${JSON.stringify(text)} but is ${JSON.stringify(source[cursor] ?? '<end of file>')}`,
        );
      }
      if (marker === ' ') output.push(text);
      cursor++;
    }
  }
  output.push(...source.slice(cursor));
  return output.join('\n') + (outputEndsWithNewline ? '\n' : '');
}
