import * as diff from 'diff';

/**
 * Applies a unified diff (as `diff -u` or `git diff --no-index` write it) to a text, strictly
 * (jsdiff, no fuzz): every context and removed line must match where the hunk says. A known-wrong
 * solution is kept as such a diff against the reference solution, so it stays one small, readable
 * mistake, and a change to the solution that the mistake no longer fits is reported, not ignored.
 */
export class PatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PatchError';
  }
}

export function applyPatch(original: string, patch: string): string {
  let parsed: diff.StructuredPatch[];
  try {
    parsed = diff.parsePatch(patch);
  } catch (error) {
    throw new PatchError(`not a unified diff: ${(error as Error).message}`);
  }
  if (parsed.length !== 1 || parsed[0].hunks.length === 0)
    throw new PatchError('the diff has no hunk (@@ ... @@), or changes more than one file');
  const patched = diff.applyPatch(original, parsed[0], { fuzzFactor: 0 });
  if (patched === false) throw new PatchError(firstMismatch(original, parsed[0]));
  return patched;
}

/** Where the text stopped matching the diff, in the author's terms. */
function firstMismatch(original: string, patch: diff.StructuredPatch): string {
  const source = original.split('\n');
  for (const hunk of patch.hunks) {
    let line = hunk.oldLines === 0 ? hunk.oldStart : hunk.oldStart - 1;
    for (const entry of hunk.lines) {
      if (entry[0] === '+' || entry[0] === '\\') continue;
      const expected = entry.slice(1);
      if (source[line] !== expected)
        return `line ${line + 1} should be ${JSON.stringify(expected)} but is ${JSON.stringify(source[line] ?? '<end of file>')}`;
      line++;
    }
  }
  return 'the diff does not fit the text';
}
