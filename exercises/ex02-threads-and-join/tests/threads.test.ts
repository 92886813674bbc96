import * as path from 'path';
import { because, liveWorkers } from '@course/testkit';
import { Thread, ThreadEvent, runThreads } from '@subject/ex02-threads-and-join/threads';
import { messageOf } from './settle';

const ANSWER = path.join(__dirname, 'answer.ts');
const FAIL = path.join(__dirname, 'fail.ts');

test('join resolves with the result the worker posted', async () => {
  const thread = new Thread(ANSWER, { answer: { primes: [2, 3, 5, 7] } });
  thread.start();
  because('start() must start a worker thread running the script', () =>
    expect(liveWorkers()).toHaveLength(1),
  );
  const result = await thread.join();
  because('the worker posted { primes: [2, 3, 5, 7] } with parentPort.postMessage', () =>
    expect(result).toEqual({ primes: [2, 3, 5, 7] }),
  );
});

test('join rejects when the worker throws', async () => {
  const thread = new Thread(FAIL, { how: 'throw', message: 'out of coffee' }).start();
  const outcome = await thread.join().then(
    (value) => ({ rejected: false, value }),
    (reason: unknown) => ({ rejected: true, message: messageOf(reason) }),
  );
  because(
    'the worker posted "half done", then threw "out of coffee": join must reject with that error, not resolve',
    () =>
      expect(outcome).toEqual({
        rejected: true,
        message: expect.stringContaining('out of coffee'),
      }),
  );
});

test("runThreads reports 'started', then 'finished', and returns the results in task order", async () => {
  const events: ThreadEvent[] = [];
  const results = await runThreads(
    ['first', 'second', 'third'].map((answer) => ({ script: ANSWER, data: { answer } })),
    (event) => events.push(event),
  );
  because("runThreads reports 'started' once and 'finished' once, in that order", () =>
    expect(events).toEqual(['started', 'finished']),
  );
  because('the results come back in the order of the tasks', () =>
    expect(results).toEqual(['first', 'second', 'third']),
  );
});
