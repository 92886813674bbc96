import { ChildProcess, spawn, spawnSync } from 'child_process';

interface TreeProcess {
  child: ChildProcess;
  /** Kills the process and everything it started (workers, forked children, their children). */
  killTree(): void;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const OUTPUT_CAP = 64 * 1024;

/**
 * Starts a command as the leader of its own process group (POSIX) so the whole tree can be killed
 * at once: killing only jest's pid would leave its children running. On Windows, taskkill /T walks
 * the tree instead. Output is kept as a capped tail: a flood from student code costs no memory.
 */
export function startTree(
  command: string,
  args: string[],
  options: {
    cwd: string;
    env: NodeJS.ProcessEnv;
    /** Also open a pipe at fd 3 (the test channel, jest/channel.ts). */
    channel?: boolean;
  },
): TreeProcess & { outputTail(): string } {
  const isWindows = process.platform === 'win32';
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env,
    detached: !isWindows,
    stdio: ['ignore', 'pipe', 'pipe', ...(options.channel ? ['pipe' as const] : [])],
    windowsHide: true,
  });
  let tail = '';
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString('utf8')).slice(-OUTPUT_CAP);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);

  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('error', () => resolve({ code: null, signal: null }));
    child.once('close', (code, signal) => resolve({ code, signal }));
  });

  const killTree = () => {
    if (child.pid === undefined) return;
    if (isWindows) {
      spawnSync('taskkill', ['/pid', String(child.pid), '/T', '/F'], {
        stdio: 'ignore',
        windowsHide: true,
      });
      return;
    }
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // The group is already gone.
    }
  };

  return { child, killTree, exited, outputTail: () => tail };
}
