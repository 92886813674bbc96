import { filesAtOnce } from './plan';

test('a job runs its test files side by side only with lanes no other job will take', () => {
  // One student regraded on two cores: both cores for that job's files.
  expect(filesAtOnce(2, 1)).toBe(2);
  expect(filesAtOnce(8, 3)).toBe(2);
  expect(filesAtOnce(8, 1)).toBe(8);
  // A class as large as the lanes, or larger, fills them with jobs: one file at a time each.
  expect(filesAtOnce(2, 2)).toBe(1);
  expect(filesAtOnce(2, 30)).toBe(1);
  expect(filesAtOnce(1, 1)).toBe(1);
  // Nothing to grade (every record up to date) still makes a sane number.
  expect(filesAtOnce(2, 0)).toBe(2);
});
