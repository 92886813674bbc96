import * as fs from 'fs';
import * as path from 'path';
import { findExercise } from '../course/find';
import { solutionDir } from '../course/layout';
import { loadCourse } from '../course/load';
import { EXIT } from '../io';
import { graderRoot } from '../paths';
import { startCli } from '../test/cli';
import { killAll, processesUsing, until } from '../test/hostile-harness';
import { temporaryFolder } from '../test/scratch';

// A student stops a watch with Ctrl-C, dozens of times a week: what it started goes with it.

test('a watch stopped with Ctrl-C exits 130 and leaves no process and no temporary folder', async () => {
  const course = loadCourse(graderRoot);
  const exercise = findExercise(course, 'ex01');
  const subject = temporaryFolder('grader-watch-subject-');
  fs.cpSync(solutionDir(course, exercise), path.join(subject, exercise.folder), {
    recursive: true,
  });
  // The watch's own temporary folder: everything it makes goes here, and the processes it starts
  // carry it in their environment, so both can be found afterwards.
  const tmp = temporaryFolder('grader-watch-tmp-');
  const watch = startCli(['check', '--watch', exercise.id, '--subject', subject], {
    tmpdir: tmp,
    env: { GRADER_SHARED_TYPECHECK: '0' },
    // A group of its own, as a terminal's foreground job is: Ctrl-C signals the whole group.
    detached: true,
  });
  try {
    expect(await until(() => watch.output().includes('Watching'), 60_000)).toBe(true);
    // The test processes held for the next save are running now.
    expect(processesUsing(tmp).length).toBeGreaterThan(1);
    process.kill(-watch.child.pid!, 'SIGINT');
    expect(await watch.exited).toBe(EXIT.interrupted);
    expect(await until(() => processesUsing(tmp).length === 0, 10_000)).toBe(true);
    expect(fs.readdirSync(tmp)).toEqual([]);
  } finally {
    killAll(processesUsing(tmp));
  }
}, 90_000);
