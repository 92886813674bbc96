import type { Io } from '../../io';
import { createProgress } from './progress';

function recorder() {
  const written: string[] = [];
  const io: Io = {
    out: (text) => written.push(text),
    err: (text) => written.push(text),
    color: false,
  };
  return { io, text: () => written.join('') };
}

test('on a terminal: one bar redrawn in place with done/total, pass rate so far and ETA', () => {
  let now = 0;
  const { io, text } = recorder();
  const progress = createProgress(io, 'bar', () => now);
  progress.start(4, 2, [{ name: 'notes.txt', reason: 'neither a folder nor a .zip' }]);
  now = 10_000;
  progress.job({
    student: 'ada',
    exercise: 'ex01',
    status: 'pass',
    score: 8,
    max_score: 8,
    ms: 9000,
  });
  progress.job({
    student: 'ben',
    exercise: 'ex01',
    status: 'fail',
    score: 4,
    max_score: 8,
    ms: 9000,
  });
  progress.job({ student: 'cy', exercise: 'ex01', ms: 9000, problem: 'the job runner ended' });
  progress.stop();
  const lines = text().split('\r');
  expect(lines[0]).toBe(
    'Ignored notes.txt: neither a folder nor a .zip\nGrading 4 jobs (2 already graded are kept; --force regrades them)\n',
  );
  expect(lines[2]).toBe('[######..................] 1/4 jobs  pass rate 100%  ETA 0:30\u001b[K');
  expect(lines[4]).toBe(
    '[##################......] 3/4 jobs  pass rate 33%  ETA 0:03\u001b[K\ncy ex01 did not finish: the job runner ended\n',
  );
});

test('in CI: a plain line per job', () => {
  const { io, text } = recorder();
  const progress = createProgress(io, 'lines', () => 0);
  progress.start(12, 0, []);
  progress.job({
    student: 'ada',
    exercise: 'ex01',
    status: 'not_submitted',
    score: 0,
    max_score: 8,
    ms: 40,
  });
  progress.stop();
  expect(text()).toBe('Grading 12 jobs\n[ 1/12] ada ex01 0/8 not submitted (0.0 s)\n');
});
