// Test-side helper: run a module as a program in a plain Node process, as `node <file>` would.
import { spawn } from 'child_process';

export interface ProgramRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs `node <file> ...args` (TypeScript works: the course loader comes with NODE_OPTIONS). */
export function runProgram(file: string, args: string[] = []): Promise<ProgramRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [file, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** Where the code under test is, for running it as a program. */
export const SUBJECT_FILE = require.resolve('@subject/ex05-processes/processes');
