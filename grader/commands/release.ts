import * as fs from 'fs';
import * as path from 'path';
import { exercisesDir } from '../course/layout';
import { loadCourse, readCourse } from '../course/load';
import { graderRoot, displayPath } from '../paths';
import { writeTarGz } from '../release/archive';
import { SKIP_VERIFY_FLAG } from '../release/audience';
import { buildRelease, sourceFolders } from '../release/build';
import { exportCommitted, uncommittedChanges } from '../release/committed';
import type { Course } from '../course/types';
import { courseSecrets, findLeaks, formatLeak } from '../release/leaks';
import { formatProblem } from '../schemas';
import { EXIT, Io } from '../io';
import { UsageError } from '../user-error';
import {
  courseDigest,
  findProof,
  ProofRecord,
  secondsPerRun,
  verifyPlan,
} from '../verify/proof-record';
import { duration, verify, VerifyOptions } from './verify';

export interface ReleaseOptions {
  /** Where the student copy is written: a new or empty folder (or any folder, with `force`). */
  out: string;
  /** Release without proving the tests first. Never the default; says so loudly. */
  skipVerify?: boolean;
  /** verify's runs per solution and known-wrong solution (default 5, as `grader verify`). */
  runs?: number;
  /** Replace what is in `out`. */
  force?: boolean;
  /** Also write the hidden tests (manifests, tests/, hidden/) as a .tar.gz for `grader ci --hidden`. */
  hiddenBundle?: string;
  /** The course to release (default: this repository). */
  root?: string;
  /** Release what HEAD holds, leaving uncommitted changes out (default: refuse them). */
  committed?: boolean;
  /** Stops the release as Ctrl-C does (tests); SIGINT and SIGTERM always do. */
  signal?: AbortSignal;
}

export interface ReleaseDeps {
  verify: (options: VerifyOptions, io: Io) => Promise<number>;
}

/**
 * `grader release --out <dir>`: the repository students receive. Verifies the course first and
 * refuses to release one that fails; builds the copy beside `out`, validates its manifests, scans
 * every file for solution text and hidden test titles, and only then moves it into place.
 */
export async function release(
  options: ReleaseOptions,
  io: Io,
  deps: ReleaseDeps = { verify },
): Promise<number> {
  const working = loadCourse(options.root ?? graderRoot);
  const out = path.resolve(options.out);
  checkOutput(out, working.root, sourceFolders(working), options.force);
  if (options.hiddenBundle && isInside(path.resolve(options.hiddenBundle), out))
    throw new UsageError('--hidden-bundle must be written outside the release folder.');
  const changes = uncommittedChanges(working.root);
  if (options.committed && changes === undefined)
    throw new UsageError(
      '--committed releases what git has committed, and the course is not in git.',
    );
  if (changes && changes.length > 0 && !options.committed) {
    io.err(
      `Release refused: ${changes.length} uncommitted change${changes.length === 1 ? '' : 's'} would ship as ${changes.length === 1 ? 'it is' : 'they are'}:\n${changes
        .slice(0, 20)
        .map((line) => `  ${line}`)
        .join(
          '\n',
        )}${changes.length > 20 ? `\n  ... and ${changes.length - 20} more` : ''}\nCommit or stash them, or release what is committed with --committed.\n`,
    );
    return EXIT.failed;
  }
  // Stopped (Ctrl-C, a CI cancel): verify's tests are killed and every temporary folder (verify's
  // grader-run-*, the staging copy, the exported commit) is removed before the process ends.
  const controller = new AbortController();
  const stop = () => controller.abort();
  options.signal?.addEventListener('abort', stop, { once: true });
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  const committed = options.committed ? exportCommitted(working.root) : undefined;
  try {
    if (committed)
      io.out(
        `Releasing what is committed (${committed.commit})${changes!.length > 0 ? `; ${changes!.length} uncommitted change${changes!.length === 1 ? ' is' : 's are'} left out` : ''}.\n`,
      );
    const course = committed ? loadCourse(committed.root) : working;
    // The grader ships from the same commit when the course is this repository.
    const toolRoot =
      committed && working.root === path.resolve(graderRoot) ? committed.root : graderRoot;
    return await releaseCourse(course, toolRoot, out, options, io, deps, controller.signal);
  } finally {
    committed?.dispose();
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    options.signal?.removeEventListener('abort', stop);
  }
}

async function releaseCourse(
  course: Course,
  toolRoot: string,
  out: string,
  options: ReleaseOptions,
  io: Io,
  deps: ReleaseDeps,
  signal: AbortSignal,
): Promise<number> {
  if (options.skipVerify) {
    io.err(
      [
        '',
        '!!! ------------------------------------------------------------------------ !!!',
        `!!! ${SKIP_VERIFY_FLAG}: releasing WITHOUT verifying the course.`,
        '!!! Nothing proves that the solutions pass, that the starters fail, or that the',
        '!!! hidden tests catch the known-wrong solutions. Students may get broken tests.',
        '!!! ------------------------------------------------------------------------ !!!',
        '',
        '',
      ].join('\n'),
    );
  } else {
    const runs = options.runs ?? 5;
    const proof = findProof(courseDigest(course));
    const verified =
      proof && proof.runs >= runs
        ? reuseProof(proof, io)
        : (announceVerify(course, runs, io),
          await deps.verify({ runs, root: course.root, signal }, io));
    if (signal.aborted) {
      io.err('Release stopped: nothing was released, and no temporary folder is left behind.\n');
      return EXIT.interrupted;
    }
    if (verified !== EXIT.ok) {
      io.err(
        `\nRelease refused: verify failed (above). Fix the course, or release anyway with ${SKIP_VERIFY_FLAG}.\n`,
      );
      return EXIT.failed;
    }
  }

  fs.mkdirSync(path.dirname(out), { recursive: true });
  const staging = fs.mkdtempSync(path.join(path.dirname(out), `.${path.basename(out)}.partial-`));
  try {
    const built = buildRelease(course, staging, toolRoot);
    const { problems } = readCourse(staging);
    if (problems.length > 0) {
      io.err(
        `Release refused: the student copy's manifests do not validate:\n${problems.map((p) => `  ${formatProblem(p)}`).join('\n')}\n`,
      );
      return EXIT.failed;
    }
    const leaks = findLeaks(staging, courseSecrets(course));
    if (leaks.length > 0) {
      io.err(
        `Release refused: ${leaks.length} leak${leaks.length === 1 ? '' : 's'} of what students must not see:\n${leaks
          .slice(0, 50)
          .map((leak) => `  ${formatLeak(leak)}`)
          .join('\n')}${leaks.length > 50 ? `\n  ... and ${leaks.length - 50} more` : ''}\n`,
      );
      return EXIT.failed;
    }
    moveInto(staging, out);

    for (const warning of built.warnings) io.err(`warning: ${warning}\n`);
    io.out(
      `Released ${course.exercises.length} exercise${course.exercises.length === 1 ? '' : 's'} to ${displayPath(out, process.cwd())} (${built.files.length} files): ` +
        `${built.hiddenTestsRemoved} hidden test${built.hiddenTestsRemoved === 1 ? '' : 's'} renamed and left out, no solutions, leak scan clean.\n`,
    );
    if (options.hiddenBundle) {
      const bundle = path.resolve(options.hiddenBundle);
      const written = writeTarGz(bundle, exercisesDir(course.root), (relative) =>
        /^[^/]+\/(exercise\.json|tests\/.+|hidden\/.+)$/.test(relative),
      );
      io.out(
        `Hidden tests for \`grader ci --hidden\`: ${displayPath(bundle, process.cwd())} (${written.length} files). Keep it private.\n`,
      );
    }
    io.out(
      `Next: cd ${displayPath(out, process.cwd())} && git init -b main && git add -A && git commit -m "Release" and push it as the students' template repository.\n`,
    );
    return EXIT.ok;
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

function checkOutput(out: string, root: string, sources: string[], force?: boolean): void {
  if (isInside(root, out))
    throw new UsageError(`--out ${out} holds the course itself; choose a folder outside it.`);
  const inside = sources.find((source) => isInside(out, source));
  if (inside)
    throw new UsageError(
      `--out ${out} is inside ${displayPath(inside)}, which the release copies from; choose a folder outside it.`,
    );
  if (fs.existsSync(out) && !fs.statSync(out).isDirectory())
    throw new UsageError(`--out ${out} is a file.`);
  if (fs.existsSync(out) && fs.readdirSync(out).length > 0 && !force) {
    const sample = fs.readdirSync(out).slice(0, 3).join(', ');
    throw new UsageError(
      `--out ${out} is not empty (${sample}...). Choose a new folder, or add --force to replace it.`,
    );
  }
}

/**
 * Puts the staged copy at `out`. An existing `out` (with --force) is emptied first except for its
 * .git, so re-releasing into the students' template repository shows as an ordinary diff there.
 */
function moveInto(staging: string, out: string): void {
  if (!fs.existsSync(out)) {
    fs.renameSync(staging, out);
    return;
  }
  for (const entry of fs.readdirSync(out)) {
    if (entry !== '.git') fs.rmSync(path.join(out, entry), { recursive: true, force: true });
  }
  for (const entry of fs.readdirSync(staging))
    fs.renameSync(path.join(staging, entry), path.join(out, entry));
}

/** Is `inner` the folder `outer` or inside it? */
function isInside(inner: string, outer: string): boolean {
  const relative = path.relative(outer, inner);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

function reuseProof(proof: ProofRecord, io: Io): number {
  io.out(
    `Verify passed for this exact tree at ${proof.verified_at} (course hash ${proof.course_digest.slice(0, 12)}, ${proof.runs} runs of ${proof.variants} variants): not run again.\n`,
  );
  return EXIT.ok;
}

/** What verify is about to cost, before it starts: a whole course takes tens of minutes. */
function announceVerify(course: Course, runs: number, io: Io): void {
  const plan = verifyPlan(course, runs);
  const perRun = secondsPerRun();
  const estimate = perRun
    ? `about ${duration(plan.runs * perRun)} on this machine (the last verify took ${perRun.toFixed(1)} s a run)`
    : 'no earlier verify on this machine to time it by';
  io.out(
    `Verifying the course before releasing it: ${plan.variants} variants, ${plan.runs} runs (${runs} each), ${estimate}. Progress below; Ctrl-C stops it.\n`,
  );
}
