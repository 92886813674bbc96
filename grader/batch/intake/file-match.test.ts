import { loadCourse } from '../../course/load';
import { batchCourse } from '../../test/batch-class';
import { exactPlaces, findFile, nearestExpected, unmangle } from './file-match';
import { uniqueFileNames } from './intake';

// How a file of a submission is recognised as an exercise's file, as LMSs and browsers name it.
const course = loadCourse(batchCourse);
const [lock, gather] = course.exercises;
const unique = uniqueFileNames(course.exercises);

test('what LMSs and browsers add to a name is taken off, and said', () => {
  expect(unmangle('lock (2).ts')).toEqual({
    base: 'lock.ts',
    key: 'lock.ts',
    copy: 2,
    changes: [`a browser's copy suffix " (2)"`],
  });
  expect(unmangle('Lock-1.ts')).toMatchObject({ base: 'Lock.ts', key: 'lock.ts', copy: 1 });
  expect(unmangle('doejane_1001_5001_lock-3.ts')).toMatchObject({
    key: 'lock.ts',
    copy: 3,
    changes: ['a Canvas prefix', "Canvas's resubmission suffix -3"],
  });
  expect(unmangle('Ana Lima_101_assignsubmission_file_gather.ts')).toMatchObject({
    key: 'gather.ts',
    changes: ['a Moodle prefix'],
  });
  // A dash that is part of the name stays.
  expect(unmangle('prime-worker.ts').key).toBe('prime-worker.ts');
});

test('an exact place wins; else the latest near match, named with what differs', () => {
  expect(exactPlaces(lock, 'lock.ts', unique)).toEqual([
    'exercises/ex01-lock/lock.ts',
    'ex01-lock/lock.ts',
    'lock.ts',
  ]);
  expect(findFile(['lock (1).ts', 'lock.ts'], lock, 'lock.ts', unique)).toEqual({
    path: 'lock.ts',
  });
  expect(findFile(['Lock (1).ts', 'lock (2).ts', 'x.ts'], lock, 'lock.ts', unique)).toEqual({
    path: 'lock (2).ts',
    near: `lock (2).ts graded as lock.ts (a near match: a browser's copy suffix " (2)")`,
  });
  expect(findFile(['exercises/ex01-lock/LOCK.ts'], lock, 'lock.ts', new Set())).toEqual({
    path: 'exercises/ex01-lock/LOCK.ts',
    near: 'exercises/ex01-lock/LOCK.ts graded as lock.ts (a near match: another case)',
  });
  // A name two graded exercises share is only taken from its own exercise's folder.
  expect(findFile(['Lock (1).ts'], lock, 'lock.ts', new Set())).toBeUndefined();
  expect(findFile(['gather.ts'], lock, 'lock.ts', unique)).toBeUndefined();
});

test('the nearest expected name of a file that matches none', () => {
  expect(nearestExpected('gahter.ts', course.exercises)).toEqual({
    exercise: gather,
    file: 'gather.ts',
  });
  expect(nearestExpected('Lok (1).ts', course.exercises)?.file).toBe('lock.ts');
});
