import { spawn } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { graderRoot } from '../paths';
import { CHECKER_OUT_OF_TIME, checkerClock } from './checker-clock';
import { LIMITS } from './limits';
import type { TypecheckReply, TypecheckRequest } from './typecheck-protocol';

/**
 * A student's `check` type-checks with a checker that outlives the command, as tsserver or a
 * Gradle daemon do: starting TypeScript and parsing the standard library and Node's types takes
 * about a second, more than the tests of most exercises. The first check starts it; the next ones
 * (after an edit too) find it warm; it exits after `SHARED_TYPECHECK_IDLE_MS` without a request.
 * Grading never uses it: a batch keeps a checker per runner, in the sandbox.
 */
export const SHARED_TYPECHECK_IDLE_MS = 10 * 60_000;

const SERVER = path.join(__dirname, 'shared-typecheck-server.ts');
const REGISTER = path.join(graderRoot, 'grader', 'runtime', 'register.js');
/** A checker that does not listen within this time (a very busy machine) is not waited for. */
const START_LIMIT_MS = 10_000;

/**
 * Whether this check may use the shared checker: not in CI (nothing would use it again), not
 * where GRADER_SHARED_TYPECHECK=0 (the course's own tests), and where Unix sockets exist.
 */
export function sharedTypecheckWanted(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.GRADER_SHARED_TYPECHECK !== '0' && !env.CI && process.platform !== 'win32';
}

/**
 * Where the checker for this grader listens. Anything that changes its answers (the grader's
 * checker code, TypeScript's version, tsconfig.json) changes the path, so an update never talks to
 * an old checker; that one exits when idle.
 */
export function sharedTypecheckSocket(tmpDir = os.tmpdir()): string {
  const hash = createHash('sha256').update(graderRoot);
  for (const file of [
    'node_modules/typescript/package.json',
    'tsconfig.json',
    'grader/run/type-program.ts',
    'grader/run/type-reach.ts',
    'grader/run/shared-typecheck-server.ts',
    'grader/runtime/ts-options.js',
  ]) {
    const full = path.join(graderRoot, file);
    hash.update(`${file}\0${fs.existsSync(full) ? fs.readFileSync(full) : ''}\0`);
  }
  return path.join(privateDir(tmpDir), `typecheck-${hash.digest('hex').slice(0, 16)}.sock`);
}

/**
 * A folder in the temporary folder that only this user can enter, so that on a shared machine
 * nobody else can listen in the checker's place and answer this user's checks.
 */
function privateDir(tmpDir: string): string {
  const user = typeof process.getuid === 'function' ? process.getuid() : 'user';
  const dir = path.join(tmpDir, `grader-${user}`);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const stat = fs.statSync(dir);
  if (typeof process.getuid === 'function' && (stat.uid !== process.getuid() || stat.mode & 0o077))
    throw new Error(`${dir} belongs to another user or is open to others`);
  return dir;
}

/**
 * Type-checks with the shared checker, starting it if none listens. Undefined when it cannot
 * answer (it could not start, or it died on this code): the caller then checks as a batch does,
 * with a checker of its own, which gives the code's verdict (out of memory, say) in full.
 */
export async function typecheckShared(
  request: TypecheckRequest,
  place: { socketPath?: string; tmpDir?: string; idleMs?: number } = {},
): Promise<TypecheckReply | undefined> {
  let socketPath: string;
  try {
    socketPath = place.socketPath ?? sharedTypecheckSocket(place.tmpDir);
  } catch {
    return undefined;
  }
  const idleMs = place.idleMs ?? SHARED_TYPECHECK_IDLE_MS;
  const socket = (await connect(socketPath)) ?? (await startAndConnect(socketPath, idleMs));
  return socket && ask(socket, request);
}

function connect(socketPath: string): Promise<net.Socket | undefined> {
  return new Promise((resolve) => {
    const socket = net.connect(socketPath);
    socket.once('connect', () => resolve(socket));
    socket.once('error', () => resolve(undefined));
  });
}

async function startAndConnect(
  socketPath: string,
  idleMs: number,
): Promise<net.Socket | undefined> {
  const child = spawn(
    process.execPath,
    [
      '--require',
      REGISTER,
      `--max-old-space-size=${LIMITS.typecheckHeapMb}`,
      SERVER,
      socketPath,
      String(idleMs),
    ],
    // Its own process group and no inherited output: it outlives this command quietly.
    { detached: true, stdio: 'ignore' },
  );
  child.on('error', () => undefined);
  child.unref();
  const giveUpAt = Date.now() + START_LIMIT_MS;
  while (Date.now() < giveUpAt && child.exitCode === null) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    const socket = await connect(socketPath);
    if (socket) return socket;
  }
  return undefined;
}

/** One request on its own connection, held to the checker's limits by its CPU time. */
function ask(socket: net.Socket, request: TypecheckRequest): Promise<TypecheckReply | undefined> {
  return new Promise((resolve) => {
    let received = '';
    let pid: number | undefined;
    // Wall time until the checker has said who it is (at once), then its CPU time.
    let clock = checkerClock(undefined);
    const settle = (reply: TypecheckReply | undefined) => {
      clearInterval(timer);
      socket.destroy();
      resolve(reply);
    };
    const timer = setInterval(() => {
      if (!clock.outOfTime()) return;
      // It is busy with this code and would keep the next check waiting: end it.
      try {
        if (pid !== undefined) process.kill(pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
      settle({ kind: 'failed', reason: CHECKER_OUT_OF_TIME });
    }, LIMITS.sampleEveryMs);
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      received += chunk;
      const lines = received.split('\n');
      if (pid === undefined && lines.length > 1) {
        pid = (JSON.parse(lines[0]) as { pid: number }).pid;
        clock = checkerClock(pid);
        socket.write(`${JSON.stringify(request)}\n`);
      }
      if (lines.length > 2) settle(JSON.parse(lines[1]) as TypecheckReply);
    });
    // Closed without an answer: the checker died (out of memory on this code, or killed).
    socket.on('close', () => settle(undefined));
    socket.on('error', () => settle(undefined));
  });
}
