import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { AttemptSetup, StartedAttempt, startJestAttempt } from './jest-attempt';

type Wanted = Omit<AttemptSetup, 'workDir'>;

/**
 * Test processes started ahead, for a watch: each test file's first run of the last check gets a
 * process that has loaded node, jest and the test setup and waits (held) until the next check
 * lets it load the student's code. A process that does not match what is asked is not used, so a
 * check with a warm pool grades exactly as one without.
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
    for (const [key, setup] of this.wanted)
      if (!this.held.has(key))
        this.held.set(key, startJestAttempt({ ...setup, workDir: this.workDir }, true));
    this.wanted.clear();
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
    setup.run,
    [...setup.timeouts],
    setup.subjectRoot,
    setup.exerciseDir,
    setup.sandbox.kind,
  ]);
}
