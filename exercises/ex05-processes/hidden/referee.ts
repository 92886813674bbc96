// Test side of the marker protocol in ./tasks: a folder of markers and a referee that answers.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { ChildRecording } from '@course/testkit/children';

export class Markers {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ex05-markers-'));

  write(name: string): void {
    fs.writeFileSync(path.join(this.dir, name), '');
  }

  count(prefix: string): number {
    return fs.readdirSync(this.dir).filter((name) => name.startsWith(prefix)).length;
  }

  dispose(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

export interface Referee {
  /** True when the referee saw children being run one after another, and told them to stop. */
  readonly sawOneAtATime: boolean;
  /** How many children had been started when it saw that (fewer than the parties). */
  readonly startedAtOnce: number;
  end(): void;
}

/**
 * Watches the markers and the children started, and answers:
 * - `go` as soon as all `parties` tasks have started (they can only all be running in parallel);
 * - `stop` when the children are clearly run one after another: fewer than `parties` started,
 *   each of them already in its task, and no new child for a whole second (a parallel runner
 *   starts them all before the first one has even loaded), so sequential code fails fast;
 * - `stop` half a second after a child exited with an error, so code that waits for the others
 *   regardless still settles and can be judged.
 */
export function startReferee(
  markers: Markers,
  recording: ChildRecording,
  parties: number,
): Referee {
  let oneAtATimeSince: number | undefined;
  let crashedAt: number | undefined;
  let stopped = false;
  const state = { sawOneAtATime: false, startedAtOnce: 0 };
  const stop = () => {
    if (!stopped) markers.write('stop');
    stopped = true;
  };
  const timer = setInterval(() => {
    const started = markers.count('started-');
    if (started >= parties) markers.write('go');
    const forked = recording.children.length;
    if (forked > 0 && forked < parties && started >= forked) {
      oneAtATimeSince ??= Date.now();
      if (Date.now() - oneAtATimeSince > 1000) {
        state.sawOneAtATime = true;
        state.startedAtOnce = forked;
        stop();
      }
    } else {
      oneAtATimeSince = undefined;
    }
    if (recording.children.some((child) => child.exitCode !== null && child.exitCode !== 0)) {
      crashedAt ??= Date.now();
      if (Date.now() - crashedAt > 500) stop();
    }
  }, 10);
  return {
    get sawOneAtATime() {
      return state.sawOneAtATime;
    },
    get startedAtOnce() {
      return state.startedAtOnce;
    },
    end: () => clearInterval(timer),
  };
}
