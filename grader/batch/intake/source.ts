/** How a submission's files are read, whether it is a folder or a zip. */
export type Found =
  | { kind: 'file'; from: string; data: Buffer }
  | { kind: 'refused'; from: string; reason: string }
  | { kind: 'absent' };

export interface SubmissionFiles {
  /** Looks a file up by its '/'-separated path relative to the submission (after unwrapping). */
  read(relative: string): Found;
  /**
   * Every file in the submission, '/'-separated and relative as `read` takes them (tool noise such
   * as `.git/` and `__MACOSX/` left out), so that each can be accounted for (batch/intake/file-match.ts).
   */
  list(): string[];
  /** Set when nothing can be read at all (a corrupt zip): every file is refused with it. */
  problem?: string;
  /** A roster student with no submission: every file is missing, and says so. */
  nothing?: boolean;
}

export interface Limits {
  /** A student file larger than this is refused. */
  maxFileBytes: number;
  /** A zip larger than this is not opened. */
  maxZipBytes: number;
}

export const DEFAULT_LIMITS: Limits = { maxFileBytes: 256 * 1024, maxZipBytes: 100 * 1024 * 1024 };

/**
 * A zip or an export often wraps the repository in one folder (`alice-repo/exercises/...`). That
 * folder is looked through, unless it is itself part of the layout (`exercises/`, `ex03-race/`).
 */
export function wrapperFolder(
  topLevel: { name: string; isDirectory: boolean }[],
  layoutNames: Set<string>,
): string | undefined {
  const visible = topLevel.filter(
    (entry) => !entry.name.startsWith('.') && entry.name !== '__MACOSX',
  );
  if (visible.length !== 1 || !visible[0].isDirectory) return undefined;
  return layoutNames.has(visible[0].name) ? undefined : visible[0].name;
}

/** Folders and files no student wrote: version control, package caches, OS droppings. */
export const isToolNoise = (segment: string) =>
  segment.startsWith('.') || segment === '__MACOSX' || segment === 'node_modules';

/** A listing stops here: a submission with more files than this is not a student's exercise work. */
export const MAX_LISTED_FILES = 5000;

export const kilobytes = (bytes: number) => `${Math.ceil(bytes / 1024)} KB`;

/** A file that is not read, and why, in a sentence that starts with the file as the student named it. */
export const refused = (from: string, why: string): Found => ({
  kind: 'refused',
  from,
  reason: `${from} ${why}`,
});

/** A file over the size limit: the same sentence whether it sits in a folder or a zip. */
export const overFileLimit = (from: string, bytes: number, limits: Limits): Found =>
  refused(from, `is ${kilobytes(bytes)}, over the ${kilobytes(limits.maxFileBytes)} limit`);
