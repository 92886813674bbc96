import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { AttemptSetup, StartedAttempt, startJestAttempt } from './jest-attempt';

type Wanted = Omit<AttemptSetup, 'workDir'>;

/**
 * Test processes started ahead: a process that has loaded node, jest and the test setup and waits
 * (held) until it is let load the student's code. A watch keeps one for each test file's first
 * run of the last check (take, then refill); a one-off check prepares the next file's while a file
 * runs. A process that does not match what is asked is not used, so a run with held processes
 * grades exactly as one without.
 */
export class WarmAttempts {
  private readonly workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'grader-warm-'));
  private readonly held = new Map<string, StartedAttempt>();
  private readonly wanted = new Map<string, Wanted>();
  /** How many test files ran on a process started ahead (the rest started when asked). */
  used = 0;

  /** A held process started for exactly this setup, if there is one alive; noted for refill(). */
  take(setup: Wanted): StartedAttempt | undefined {
    const key = keyOf(setup);
    this.wanted.set(key, setup);
    const ready = this.held.get(key);
    this.held.delete(key);
    if (ready?.ended() !== false) return undefined;
    this.used++;
    return ready;
  }

  /** Starts a held process for every setup taken since, so the next check finds them ready. */
  refill(): void {
    for (const setup of this.wanted.values()) this.prepare(setup);
    this.wanted.clear();
  }

  /** Starts a held process for this setup now, unless one is held for it already. */
  prepare(setup: Wanted): void {
    const key = keyOf(setup);
    if (!this.held.has(key))
      this.held.set(key, startJestAttempt({ ...setup, workDir: this.workDir }, true));
  }

  close(): void {
    for (const attempt of this.held.values()) attempt.discard();
    this.held.clear();
    fs.rmSync(this.workDir, { recursive: true, force: true });
  }
}

function keyOf(setup: Wanted): string {
  return JSON.stringify([
    setup.testFile,
    setup.tests,
    setup.subjectRoot,
    setup.exerciseDir,
    setup.sandbox.kind,
  ]);
}
