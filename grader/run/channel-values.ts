import { capMessage } from '../jest/channel';
import { isDeadStateKey } from '../jest/dead-state';
import type {
  HungThread,
  JestEvent,
  Overrun,
  ProbedThread,
  SiteFrame,
  StuckReport,
  UnsettledPromise,
} from '../jest/channel';

// Every value on the channel was written in a process the student's code runs in, so none is
// trusted for its shape, size or range. Each is checked and clamped here, where it is read: what
// comes out can be put in a result without ever failing its schema or growing without bound.

/** A test's full name or a file path: longer ones are cut (they then match no planned test). */
const MAX_NAME_CHARS = 4096;
/** Failure messages kept per test: jest collects one per error (an assertion, a failing hook). */
export const MAX_MESSAGES = 16;
/** The longest a test can have run, in ms (a day): anything longer is not a duration. */
const MAX_DURATION_MS = 24 * 60 * 60 * 1000;
const MAX_THREADS = 40;
/** Workers a hung test may name: as many as a job may run. */
const MAX_HUNG_THREADS = 1024;
const MAX_FRAMES = 16;
/** A hung worker's wait site: a few frames of stack (runtime/thread-activity.js keeps 1024). */
const MAX_SITE_CHARS = 1024;
const MAX_FRAME_TEXT = 512;
const MAX_PROBE_ERROR = 200;
/** V8 reports 0-based lines and columns; a real file has fewer than this many. */
const MAX_POSITION = 10_000_000;

export const clip = (text: string, max: number) => (text.length > max ? text.slice(0, max) : text);

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isString = (value: unknown): value is string => typeof value === 'string';
const name = (value: string) => clip(value, MAX_NAME_CHARS);

/** A duration as a number of ms: negative, not finite or absurd ones become 0. */
export function duration(value: number): number {
  return Number.isFinite(value) && value >= 0 && value <= MAX_DURATION_MS ? value : 0;
}

/** A reporter event with every value in range, or undefined when its shape is not one. */
export function clampedJestEvent(event: unknown): JestEvent | undefined {
  if (!isRecord(event)) return undefined;
  switch (event.type) {
    case 'start':
      if (!isString(event.file) || !isString(event.name)) return undefined;
      return { type: 'start', file: name(event.file), name: name(event.name) };
    case 'result':
      if (
        !isString(event.file) ||
        !isString(event.name) ||
        !isString(event.status) ||
        typeof event.durationMs !== 'number' ||
        !Array.isArray(event.failureMessages) ||
        !event.failureMessages.every(isString)
      )
        return undefined;
      return {
        type: 'result',
        file: name(event.file),
        name: name(event.name),
        status: clip(event.status, 40),
        durationMs: duration(event.durationMs),
        failureMessages: event.failureMessages.slice(0, MAX_MESSAGES).map(capMessage),
      };
    case 'file':
      if (!isString(event.file) || !(event.execError === undefined || isString(event.execError)))
        return undefined;
      return {
        type: 'file',
        file: name(event.file),
        ...(event.execError !== undefined && { execError: capMessage(event.execError) }),
      };
    case 'done':
      return { type: 'done' };
    default:
      return undefined;
  }
}

const isPosition = (value: unknown): value is number =>
  Number.isInteger(value) && (value as number) >= 0 && (value as number) <= MAX_POSITION;

/** The stack probe's report (jest/channel.ts StuckReport) within the probe's own caps. */
export function clampedStuckReport(line: Record<string, unknown>): StuckReport | undefined {
  if (!Array.isArray(line.threads) || line.threads.length > MAX_THREADS) return undefined;
  const threads: ProbedThread[] = [];
  for (const thread of line.threads) {
    const clamped = clampedThread(thread);
    if (!clamped) return undefined;
    threads.push(clamped);
  }
  const workers = line.workers;
  if (workers !== undefined && !(Number.isInteger(workers) && (workers as number) >= 0))
    return undefined;
  if (line.error !== undefined && !isString(line.error)) return undefined;
  return {
    threads,
    workers: workers === undefined ? undefined : Math.min(workers as number, 1000),
    error: line.error === undefined ? undefined : clip(line.error, MAX_PROBE_ERROR),
  };
}

function clampedThread(thread: unknown): ProbedThread | undefined {
  if (!isRecord(thread)) return undefined;
  if (thread.name !== 'main' && thread.name !== 'worker') return undefined;
  if (thread.state !== 'waiting' && thread.state !== 'running' && thread.state !== 'idle')
    return undefined;
  if (thread.n !== undefined && !isPosition(thread.n)) return undefined;
  if (thread.moved !== undefined && typeof thread.moved !== 'boolean') return undefined;
  if (!Array.isArray(thread.frames) || thread.frames.length > MAX_FRAMES) return undefined;
  const frames: ProbedThread['frames'] = [];
  for (const frame of thread.frames) {
    if (
      !isRecord(frame) ||
      !isString(frame.fn) ||
      !(frame.cls === undefined || isString(frame.cls)) ||
      !isString(frame.url) ||
      !isPosition(frame.line) ||
      !isPosition(frame.col)
    )
      return undefined;
    frames.push({
      fn: clip(frame.fn, MAX_FRAME_TEXT),
      ...(frame.cls !== undefined && { cls: clip(frame.cls, MAX_FRAME_TEXT) }),
      url: clip(frame.url, MAX_NAME_CHARS),
      line: frame.line,
      col: frame.col,
    });
  }
  return {
    name: thread.name,
    ...(thread.n !== undefined && { n: thread.n }),
    state: thread.state,
    ...(thread.moved !== undefined && { moved: thread.moved }),
    frames,
  };
}

/** The setup's word that it ended a test (jest/channel.ts Overrun), within range. */
export function clampedOverrun(line: Record<string, unknown>): Overrun | undefined {
  const unsettled = clampedUnsettled(line.unsettled);
  if (unsettled === undefined) return undefined;
  const overrun = clampedOverrunAlone(line);
  return overrun && { ...overrun, ...(unsettled.length > 0 && { unsettled }) };
}

/** Promises runtime/promise-sites.js reports at most (it sends 6). */
const MAX_UNSETTLED = 8;

/** The unsettled promises of an `over` line: [] when absent, undefined when malformed. */
function clampedUnsettled(value: unknown): UnsettledPromise[] | undefined {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.length > MAX_UNSETTLED) return undefined;
  const out: UnsettledPromise[] = [];
  for (const each of value) {
    if (!isRecord(each) || (each.made !== 'created' && each.made !== 'started')) return undefined;
    const at = clampedSiteFrame(each.at);
    const awaited = each.awaited === undefined ? undefined : clampedSiteFrame(each.awaited);
    if (!at || (each.awaited !== undefined && !awaited)) return undefined;
    out.push({ made: each.made, at, ...(awaited && { awaited }) });
  }
  return out;
}

function clampedSiteFrame(frame: unknown): SiteFrame | undefined {
  if (
    !isRecord(frame) ||
    !isString(frame.fn) ||
    !isString(frame.url) ||
    !isPosition(frame.line) ||
    !isPosition(frame.col)
  )
    return undefined;
  return {
    fn: clip(frame.fn, MAX_FRAME_TEXT),
    url: clip(frame.url, MAX_NAME_CHARS),
    line: frame.line,
    col: frame.col,
  };
}

function clampedOverrunAlone(line: Record<string, unknown>): Overrun | undefined {
  if (line.why === 'time-limit') {
    if (typeof line.limitMs !== 'number') return undefined;
    return { why: 'time-limit', limitMs: duration(line.limitMs) };
  }
  if (line.why !== 'hung' || typeof line.afterMs !== 'number') return undefined;
  if (!Array.isArray(line.threads) || line.threads.length > MAX_HUNG_THREADS) return undefined;
  const threads: HungThread[] = [];
  for (const thread of line.threads) {
    if (
      !isRecord(thread) ||
      !isPosition(thread.thread) ||
      (thread.state !== 'waiting' && thread.state !== 'idle')
    )
      return undefined;
    if (thread.site !== undefined && !isString(thread.site)) return undefined;
    const site = thread.site === undefined ? '' : clip(thread.site, MAX_SITE_CHARS);
    threads.push({ thread: thread.thread, state: thread.state, ...(site && { site }) });
  }
  for (const flag of [line.again, line.blocked])
    if (flag !== undefined && flag !== true) return undefined;
  if (line.mainSite !== undefined && !isString(line.mainSite)) return undefined;
  // One key per thread at most, the main thread's included.
  if (
    line.keys !== undefined &&
    !(
      Array.isArray(line.keys) &&
      line.keys.length <= MAX_HUNG_THREADS + 1 &&
      line.keys.every(isDeadStateKey)
    )
  )
    return undefined;
  const mainSite = line.mainSite === undefined ? '' : clip(line.mainSite, MAX_SITE_CHARS);
  return {
    why: 'hung',
    afterMs: duration(line.afterMs),
    threads,
    ...(line.again === true && { again: true as const }),
    ...(line.blocked === true && { blocked: true as const }),
    ...(mainSite && { mainSite }),
    ...(line.keys !== undefined && { keys: [...new Set(line.keys as string[])] }),
  };
}
