import { subjectPlace } from './subject-place';

const counter = {
  file: 'ex03-race-and-lock/counter.ts',
  text: [
    "import type { Mutex } from './mutex';",
    '',
    'export function countWithoutLock(counter: Int32Array, times: number): void {',
    '  // TODO',
    '}',
  ].join('\n'),
};
const threads = {
  file: 'ex02-threads-and-join/threads.ts',
  text: [
    'export class Thread<R> {',
    '  private outcome?: Promise<R>;',
    '  start(): this {',
    '    resolve(value);',
    '    return this;',
    '  }',
    '  async join(): Promise<R> {',
    "    throw new Error('not implemented');",
    '  }',
    '}',
    'export const runThreads = async () => [];',
  ].join('\n'),
};

test('the declaration of the first name in the title that the student declares', () => {
  expect(subjectPlace('countWithoutLock adds 1 to counter[0]', [counter])).toEqual({
    file: 'ex03-race-and-lock/counter.ts',
    line: 3,
    column: 17,
  });
  // A method, found among several files; words that name nothing declared are passed over.
  expect(subjectPlace('joining twice: join resolves with the result', [counter, threads])).toEqual({
    file: 'ex02-threads-and-join/threads.ts',
    line: 7,
    column: 9,
  });
  expect(subjectPlace('runThreads reports started', [threads])).toMatchObject({ line: 11 });
  expect(subjectPlace('new Thread runs nothing until start()', [threads])).toMatchObject({
    line: 1,
    column: 14,
  });
});

test('a call statement is no declaration, and a title naming nothing declared gives no place', () => {
  expect(subjectPlace('the value passed to resolve', [threads])).toBeUndefined();
  expect(
    subjectPlace('items come out in the order they went in', [counter, threads]),
  ).toBeUndefined();
  expect(subjectPlace('countWithoutLock', [])).toBeUndefined();
});

test('a getter is a declaration, and "the mutex" names the class Mutex', () => {
  const queue = {
    file: 'ex04-worker-queue/blocking-queue.ts',
    text: 'export class Mutex {}\nclass BlockingQueue {\n  get size(): number {\n    return 0;\n  }\n}\n',
  };
  expect(subjectPlace('size counts the items', [queue])).toMatchObject({ line: 3, column: 7 });
  expect(subjectPlace('ten workers under the mutex', [queue])).toMatchObject({ line: 1 });
});
