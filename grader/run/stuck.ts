import * as fs from 'fs';
import * as path from 'path';
import { fileURLToPath } from 'url';
import { originalPositionFor, TraceMap } from '@jridgewell/trace-mapping';
import type { ProbedThread, StuckReport } from '../jest/channel';
import type { Location, Stuck, StuckFrame, StuckThread, StuckVerdict } from '../result/types';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { compiledSource } = require('../runtime/ts-cache') as {
  compiledSource: (file: string) => string;
};

const INLINE_MAP = /\n\/\/# sourceMappingURL=data:application\/json;base64,([A-Za-z0-9+/=]+)\s*$/;

export interface StuckRoots {
  subjectRoot: string;
  /** Absolute paths of the student's files: only their frames are shown. */
  studentFiles: string[];
}

export interface StuckExplanation {
  stuck: Stuck;
  /** One line for the verdict, then one per thread (or group of alike workers). */
  text: string;
  /** Where the main thread was stuck, else the first thread that was in the student's code. */
  location?: Location;
}

/**
 * Turns what the stack probe saw (jest/stack-probe-worker.js) into the student's terms: frames
 * mapped back to their TypeScript through the transpiler's source map, only those in their own
 * files, and a verdict from the threads' states. Undefined when the probe saw nothing useful.
 */
export function explainStuck(report: StuckReport, roots: StuckRoots): StuckExplanation | undefined {
  if (report.threads.length === 0) return undefined;
  const maps = new Map<string, TraceMap | null>();
  const workerCount =
    report.workers ?? report.threads.filter((thread) => thread.name === 'worker').length;
  const threads = report.threads.map((thread): StuckThread & { moved?: boolean } => ({
    name: thread.name === 'main' ? 'main thread' : `worker ${thread.n} of ${workerCount}`,
    state: thread.state,
    frames: studentFrames(thread, roots, maps),
    moved: thread.moved,
  }));
  const { verdict, where } = judge(threads);
  const stuck: Stuck = {
    verdict,
    threads: threads.map(({ moved: _moved, ...thread }) => thread),
  };
  const headline =
    verdict === 'deadlock'
      ? where
        ? `likely deadlock in ${describe(where)}`
        : 'likely deadlock: no thread was running, and none was in your code (a promise that never settles?)'
      : verdict === 'busy loop'
        ? `likely busy loop${where ? ` in ${describe(where)}` : ''}: a thread kept running in the same place (an infinite loop, or a busy-wait for something that never happens)`
        : `likely too slow${where ? ` (still working in ${describe(where)})` : ''}: the code was still making progress`;
  const main = stuck.threads.find((thread) => thread.name === 'main thread');
  const pointed =
    main?.frames[0] ?? stuck.threads.find((thread) => thread.frames.length > 0)?.frames[0];
  return {
    stuck,
    text: [headline, ...threadLines(stuck.threads)].join('\n'),
    location: pointed && { file: pointed.file, line: pointed.line, column: pointed.column },
  };
}

function judge(threads: (StuckThread & { moved?: boolean })[]): {
  verdict: StuckVerdict;
  where?: StuckFrame;
} {
  const running = threads.filter((thread) => thread.state === 'running');
  const firstFrame = (candidates: StuckThread[]) =>
    candidates.find((thread) => thread.frames.length > 0)?.frames[0];
  if (running.length === 0)
    return {
      verdict: 'deadlock',
      where:
        firstFrame(threads.filter((thread) => thread.state === 'waiting')) ?? firstFrame(threads),
    };
  const moving = running.filter((thread) => thread.moved);
  if (moving.length > 0)
    return { verdict: 'too slow', where: firstFrame(moving) ?? firstFrame(running) };
  return { verdict: 'busy loop', where: firstFrame(running) };
}

const STATE_TEXT: Record<StuckThread['state'], string> = {
  waiting: 'waiting in Atomics.wait',
  idle: 'idle, awaiting something',
  running: 'running',
};

function describe(frame: StuckFrame): string {
  return `${frame.function} (${path.posix.basename(frame.file)}:${frame.line}:${frame.column})`;
}

/** Workers alike (same state, same frames) share one line: ten waiting workers are one line. */
function threadLines(threads: StuckThread[]): string[] {
  const groups = new Map<string, string[]>();
  for (const thread of threads) {
    const where = thread.frames.map(describe).join(' <- ');
    const line = `${STATE_TEXT[thread.state]}${where ? `, ${where}` : ''}`;
    groups.set(line, [...(groups.get(line) ?? []), thread.name]);
  }
  return [...groups].map(([line, names]) => `${joinNames(names)}: ${line}`);
}

function joinNames(names: string[]): string {
  if (names.length === 1) return names[0];
  const workers = names.filter((name) => name.startsWith('worker '));
  const others = names.filter((name) => !name.startsWith('worker '));
  const of = workers[0]?.split(' of ')[1];
  const numbers = workers.map((name) => name.split(' ')[1]);
  return [...others, workers.length > 0 ? `workers ${numbers.join(', ')} of ${of}` : '']
    .filter(Boolean)
    .join(', ');
}

function studentFrames(
  thread: ProbedThread,
  roots: StuckRoots,
  maps: Map<string, TraceMap | null>,
): StuckFrame[] {
  return mappedStudentFrames(thread.frames, roots, maps);
}

/**
 * Frames as V8 reported them (0-based positions in the JavaScript that ran), those in the
 * student's own files only, mapped back to their TypeScript.
 */
export function mappedStudentFrames(
  raw: readonly ProbedThread['frames'][number][],
  roots: StuckRoots,
  maps: Map<string, TraceMap | null> = new Map(),
): StuckFrame[] {
  const frames: StuckFrame[] = [];
  for (const frame of raw) {
    const file = scriptPath(frame.url);
    if (!file || !roots.studentFiles.includes(file)) continue;
    const map = mapFor(file, maps);
    // V8's lines and columns are 0-based; trace-mapping takes 1-based lines, 0-based columns.
    const original = map
      ? originalPositionFor(map, { line: frame.line + 1, column: frame.col })
      : undefined;
    frames.push({
      function: frame.cls ? `${frame.cls}.${frame.fn}` : frame.fn,
      file: path.relative(roots.subjectRoot, file).split(path.sep).join('/'),
      line: original?.line ?? frame.line + 1,
      column: (original?.column ?? frame.col) + 1,
    });
  }
  return frames;
}

/** The absolute path a stack frame's script names, or undefined for what is not a file. */
export function scriptPath(url: string): string | undefined {
  try {
    if (url.startsWith('file:')) return path.resolve(fileURLToPath(url));
    return path.isAbsolute(url) ? path.resolve(url) : undefined;
  } catch {
    return undefined;
  }
}

/** The source map the transpiler inlined into the file's JavaScript (runtime/ts-cache.js). */
function mapFor(file: string, maps: Map<string, TraceMap | null>): TraceMap | null {
  if (!maps.has(file)) {
    let map: TraceMap | null = null;
    try {
      if (fs.existsSync(file)) {
        const match = INLINE_MAP.exec(compiledSource(file));
        if (match) map = new TraceMap(Buffer.from(match[1], 'base64').toString('utf8'));
      }
    } catch {
      // Without a map the JavaScript position is shown: still near the right line.
    }
    maps.set(file, map);
  }
  return maps.get(file)!;
}
