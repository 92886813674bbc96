import type { ChildProcess } from 'child_process';
import * as path from 'path';
import { graderRoot } from '../paths';
import { round } from '../result/types';
import { LIMITS } from './limits';
import { startWarmServer } from './warm-server';

export interface StyleVerdict {
  ok: boolean;
  unformatted: string[];
  score: number;
  max_score: number;
}

/** prettier itself failed: the grader's fault, never a reason to give or take a student's points. */
export class StyleCheckError extends Error {}

export interface StyleRequest {
  files: string[];
  /** The course's prettier options (a JSON file). */
  config: string;
}

export type StyleReply =
  /** The files prettier would change or cannot parse. */
  { kind: 'checked'; unformatted: string[] } | { kind: 'failed'; reason: string };

const SERVER = path.join(__dirname, 'style-server.ts');

/**
 * Formatting is advice unless the manifest gives it points. prettier runs in a process of its own
 * (style-server.ts), kept between checks, with the course's config (its ES module core cannot load
 * inside jest either). A file prettier cannot parse is unformatted (the student's); any other
 * failure of prettier is the grader's: with points at stake it throws StyleCheckError, as advice
 * it is left out.
 */
export async function checkStyle(
  files: string[],
  subjectRoot: string,
  points: number,
): Promise<StyleVerdict | undefined> {
  const reply = await askPrettier({ files, config: path.join(graderRoot, '.prettierrc.json') });
  if (reply.kind === 'failed') {
    if (points === 0) return undefined;
    throw new StyleCheckError(`the grader's style check failed: ${reply.reason}`);
  }
  const differing = new Set(reply.unformatted.map((file) => path.resolve(file)));
  const unformatted = files
    .filter((file) => differing.has(path.resolve(file)))
    .map((file) => path.relative(subjectRoot, file).split(path.sep).join('/'));
  const ok = unformatted.length === 0;
  return { ok, unformatted, score: ok ? round(points) : 0, max_score: round(points) };
}

let server: ChildProcess | undefined;
// One question at a time: replies carry no id.
let queue: Promise<unknown> = Promise.resolve();

function askPrettier(request: StyleRequest): Promise<StyleReply> {
  const reply = queue.then(() => askOnce(request));
  queue = reply.catch(() => undefined);
  return reply;
}

function askOnce(request: StyleRequest): Promise<StyleReply> {
  const current = (server ??= startWarmServer(SERVER, [], { kind: 'none', reason: 'prettier' }));
  return new Promise((resolve) => {
    const settle = (reply: StyleReply, keep: boolean) => {
      clearTimeout(timer);
      current.off('message', onMessage);
      current.off('exit', onExit);
      if (!keep) {
        current.kill('SIGKILL');
        if (server === current) server = undefined;
      }
      resolve(reply);
    };
    const onMessage = (reply: StyleReply) => settle(reply, true);
    const onExit = (code: number | null, signal: NodeJS.Signals | null) =>
      settle(
        {
          kind: 'failed',
          reason: `prettier stopped (${signal ? `signal ${signal}` : `exit code ${code}`})`,
        },
        false,
      );
    const timer = setTimeout(
      () =>
        settle(
          { kind: 'failed', reason: `prettier took longer than ${LIMITS.styleMs / 1000} s` },
          false,
        ),
      LIMITS.styleMs,
    );
    current.on('message', onMessage);
    current.once('exit', onExit);
    current.send(request);
  });
}
