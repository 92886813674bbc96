import * as fs from 'fs';
import { parseCanvasName } from './canvas-layout';
import { folderFiles } from './folder-source';
import type { Limits, SubmissionFiles } from './source';
import type { Submission } from './submissions';
import { zipFiles } from './zip-source';

/**
 * Files an LMS renamed (kind `files`): each is looked up by its original name and read from the
 * shared folder or zip under its stored name, with every check the folder and zip sources make.
 */
export function renamedFiles(submission: Submission, limits: Limits): SubmissionFiles {
  const inner =
    submission.container === 'zip'
      ? cachedZip(submission.path, limits)
      : folderFiles(submission.path, limits, new Set());
  const stored = new Map((submission.files ?? []).map((file) => [file.name, file.stored]));
  return {
    problem: inner.problem,
    list: () => [...stored.keys()].sort(),
    read(relative) {
      const name = stored.get(relative);
      return name === undefined ? { kind: 'absent' } : inner.read(name);
    },
  };
}

// One Canvas zip holds the whole class: it is read once, not once per job.
let lastZip: { key: string; files: SubmissionFiles } | undefined;
function cachedZip(file: string, limits: Limits): SubmissionFiles {
  const stat = fs.statSync(file);
  const key = JSON.stringify([file, stat.size, stat.mtimeMs, limits]);
  if (lastZip?.key !== key) lastZip = { key, files: zipFiles(file, limits, new Set()) };
  return lastZip.files;
}

/**
 * A student folder holding files Canvas renamed (`doejane_123_456_lock-1.ts`, downloaded from
 * Canvas and filed by hand): a bare name not found as is is looked up by its original name too,
 * the latest copy first.
 */
export function withCanvasNames(files: SubmissionFiles, folder: string): SubmissionFiles {
  let originals: Map<string, { stored: string; copy: number }> | undefined;
  const lookup = () => {
    originals = new Map();
    for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
      const parsed = entry.isDirectory() ? undefined : parseCanvasName(entry.name);
      if (!parsed) continue;
      const current = originals.get(parsed.original);
      if (!current || parsed.copy > current.copy)
        originals.set(parsed.original, { stored: entry.name, copy: parsed.copy });
    }
    return originals;
  };
  return {
    problem: files.problem,
    list: () => files.list(),
    read(relative) {
      const found = files.read(relative);
      if (found.kind !== 'absent' || relative.includes('/')) return found;
      const renamed = (originals ?? lookup()).get(relative);
      return renamed ? files.read(renamed.stored) : found;
    },
  };
}
