import * as path from 'path';
import type { UnsettledPromise } from '../jest/channel';
import type { Location, StuckFrame } from '../result/types';
import { mappedStudentFrames, type StuckRoots } from './stuck';

/**
 * The student's promises that never settled (runtime/promise-sites.js), in the student's terms:
 * where each was made and where their own code awaited it, mapped to their TypeScript, only in
 * their own files. What a test ended at its limit or as hung points at when no thread does.
 */
export interface UnsettledSite {
  made: UnsettledPromise['made'];
  at: StuckFrame;
  awaited?: StuckFrame;
}

export function unsettledSites(
  unsettled: readonly UnsettledPromise[] | undefined,
  roots: StuckRoots,
): UnsettledSite[] {
  const sites: UnsettledSite[] = [];
  const maps = new Map();
  for (const promise of unsettled ?? []) {
    const [at] = mappedStudentFrames([promise.at], roots, maps);
    if (!at) continue;
    const [awaited] = promise.awaited ? mappedStudentFrames([promise.awaited], roots, maps) : [];
    sites.push({ made: promise.made, at, ...(awaited && { awaited }) });
  }
  return sites;
}

/**
 * The promise to name: the first one made with `new Promise` (an async function's own promise only
 * waits for another one, so it is the symptom, not the place), else the first async function that
 * never finished.
 */
function rootOf(sites: readonly UnsettledSite[]): UnsettledSite | undefined {
  return sites.find((site) => site.made === 'created') ?? sites[0];
}

const place = (frame: StuckFrame) => `${path.posix.basename(frame.file)}:${frame.line}`;
const named = (frame: StuckFrame) =>
  frame.function === '<anonymous>' ? 'your code' : `your ${frame.function}()`;

/**
 * One sentence saying what was seen: "The promise your Thread.join() made at threads.ts:28 never
 * settled." Only what the hooks observed: it was made there, it had not settled when the test
 * ended, and (when it was) which line of the student's awaited it.
 */
export function unsettledLine(sites: readonly UnsettledSite[]): string | undefined {
  const root = rootOf(sites);
  if (!root) return undefined;
  const made =
    root.made === 'created'
      ? `The promise ${named(root.at)} made at ${place(root.at)} never settled`
      : `${capital(named(root.at))}, started at ${place(root.at)}, never finished`;
  const awaited = root.awaited
    ? `; your code waited on it at ${place(root.awaited)}${root.awaited.function === '<anonymous>' ? '' : ` (${root.awaited.function})`}`
    : '';
  const others = sites.length - 1;
  const more =
    others === 0
      ? ''
      : others === 1
        ? ' (another of your promises never settled either)'
        : ` (${others} more of your promises never settled either)`;
  return `${made}${awaited}${more}.`;
}

const capital = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** Where a report points: the line that made the promise. */
export function unsettledLocation(sites: readonly UnsettledSite[]): Location | undefined {
  const root = rootOf(sites);
  return root && { file: root.at.file, line: root.at.line, column: root.at.column };
}
