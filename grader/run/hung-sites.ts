import * as path from 'path';
import type { Location, StuckFrame } from '../result/types';
import { scriptPath } from './stuck';

/**
 * Where a hung test's workers waited, in the student's terms. Each waiting worker's runtime noted
 * the stack of its latest endless Atomics.wait (runtime/thread-activity.js), already mapped back to
 * the TypeScript (workers run with source maps on). Only frames in the student's own files are
 * kept: a wait inside a hidden test's helper names no place.
 */
export interface SiteRoots {
  subjectRoot: string;
  /** Absolute paths of the student's files. */
  studentFiles: string[];
}

/** V8's `    at fn (file:line:column)` or `    at file:line:column`. */
const FRAME = /^\s*at (?:(?:async |new )?(.+?) \()?(.+?):(\d+):(\d+)\)?\s*$/;
/** Frames kept per worker: the innermost student frame and a caller or two. */
const MAX_FRAMES = 3;

/** The student's frames of one worker's wait, innermost first. */
export function siteFrames(site: string | undefined, roots: SiteRoots): StuckFrame[] {
  if (!site) return [];
  const frames: StuckFrame[] = [];
  for (const line of site.split('\n').slice(1)) {
    const match = FRAME.exec(line);
    if (!match) continue;
    const file = scriptPath(match[2]);
    if (!file || !roots.studentFiles.includes(file)) continue;
    frames.push({
      function: match[1] ?? '<anonymous>',
      file: path.relative(roots.subjectRoot, file).split(path.sep).join('/'),
      line: Number(match[3]),
      column: Number(match[4]),
    });
    if (frames.length === MAX_FRAMES) break;
  }
  return frames;
}

/** The first student frame among the waits: where a report points (the CI annotation, …). */
export function hungLocation(threads: { frames: StuckFrame[] }[]): Location | undefined {
  const frame = threads.find((thread) => thread.frames.length > 0)?.frames[0];
  return frame && { file: frame.file, line: frame.line, column: frame.column };
}

/** One line per place: "worker 2 of 3 waits in Atomics.wait at blocking-queue.ts:47 (take)". */
export function waitLines(threads: { name: string; frames: StuckFrame[] }[]): string[] {
  const places = new Map<string, string[]>();
  for (const thread of threads) {
    const frame = thread.frames[0];
    if (!frame) continue;
    const place = `${path.posix.basename(frame.file)}:${frame.line} (${frame.function})`;
    places.set(place, [...(places.get(place) ?? []), thread.name]);
  }
  return [...places].map(
    ([place, names]) =>
      `${names.length === 1 ? `${names[0]} waits` : `${names.join(', ')} wait`} in Atomics.wait at ${place}`,
  );
}
