import { types } from 'util';
import { asData, isInstance } from '@course/testkit';
import { encodeCaseValue, showValue } from '@course/testkit/case-values';

// A generated sequence of calls from one thread, as data: Mutex objects on one or two buffers
// (more made on a buffer along the way, even while it is held), lock, unlock, withLock (whose
// section returns, throws, or makes calls on the other lock), and the two counting functions on
// counters that start at 0, -1 or the 32-bit limits. No call of a correct lock ever waits.
// The same code plays it against the reference at authoring time and the code under test later.

/** What a withLock section does: return or throw a value, throw an Error, or make more calls. */
export type Section =
  { returns: unknown } | { throws: unknown } | { throwsError: string } | { calls: LockCall[] };

export type LockCall =
  | { call: 'attach'; mutex: number }
  | { call: 'lock'; mutex: number }
  | { call: 'unlock'; mutex: number }
  | { call: 'withLock'; mutex: number; section: Section }
  | { call: 'countWithoutLock'; start: number; times: number }
  | { call: 'countWithLock'; start: number; times: number; mutex: number };

export interface LockCase {
  /** Mutex 0 is `new Mutex()`; mutex 1, if any, `new Mutex(new SharedArrayBuffer(4))`. */
  locks: 1 | 2;
  calls: LockCall[];
}

interface MutexLike {
  readonly buffer: SharedArrayBuffer;
  lock(): void;
  unlock(): void;
  withLock<T>(section: () => T): T;
}
export interface LockApi {
  Mutex: new (buffer?: SharedArrayBuffer) => MutexLike;
  countWithoutLock(counter: Int32Array, times: number): void;
  countWithLock(counter: Int32Array, times: number, mutex: never): void;
}

/** What the calls gave, one answer per call (sections' calls in place), and the default buffer's size. */
export interface LockOutcome {
  defaultBufferBytes: unknown;
  answers: unknown[];
}

const SECTION_DONE = 'section done';

function thrownAs(error: unknown, thrownBySection?: unknown): unknown {
  if (thrownBySection !== undefined && error === thrownBySection)
    return { threw: 'the Error the section threw' };
  if (isInstance(error, Error)) return { threw: 'an Error' };
  return { threw: asData(error) };
}

/**
 * Plays the calls. Given the expected answers, it stops at the first call whose answer differs:
 * a lock left in a state no correct lock reaches could make the next lock() wait for ever.
 */
export function playLockCase(
  lockCase: LockCase,
  api: LockApi,
  expected?: LockOutcome,
): LockOutcome {
  const mutexes: MutexLike[] = [new api.Mutex()];
  if (lockCase.locks === 2) mutexes.push(new api.Mutex(new SharedArrayBuffer(4)));
  const outcome: LockOutcome = {
    defaultBufferBytes: types.isSharedArrayBuffer(mutexes[0].buffer)
      ? mutexes[0].buffer.byteLength
      : 'not a SharedArrayBuffer',
    answers: [],
  };
  const offTrack = () => {
    if (!expected) return false;
    const at = outcome.answers.length - 1;
    return (
      JSON.stringify(encodeCaseValue(outcome.answers[at])) !==
      JSON.stringify(encodeCaseValue(expected.answers[at]))
    );
  };
  const play = (calls: LockCall[]): boolean => {
    for (const call of calls) {
      outcome.answers.push(answerOf(call));
      if (offTrack()) return false;
    }
    return true;
  };
  const answerOf = (call: LockCall): unknown => {
    if (call.call === 'countWithoutLock' || call.call === 'countWithLock') {
      const counter = new Int32Array(new SharedArrayBuffer(4));
      counter[0] = call.start;
      try {
        if (call.call === 'countWithoutLock') api.countWithoutLock(counter, call.times);
        else api.countWithLock(counter, call.times, mutexes[call.mutex] as never);
      } catch (error) {
        return thrownAs(error);
      }
      return { counter: counter[0] };
    }
    const mutex = mutexes[call.mutex];
    if (call.call === 'attach') {
      const before = new Int32Array(mutex.buffer.slice(0));
      mutexes.push(new api.Mutex(mutex.buffer));
      const after = new Int32Array(mutex.buffer.slice(0));
      return { bufferUnchanged: before.every((cell, i) => cell === after[i]) };
    }
    if (call.call === 'lock') {
      mutex.lock();
      return 'locked';
    }
    if (call.call === 'unlock') {
      const before = new Int32Array(mutex.buffer.slice(0));
      try {
        mutex.unlock();
        return 'unlocked';
      } catch (error) {
        const after = new Int32Array(mutex.buffer.slice(0));
        return {
          ...(thrownAs(error) as object),
          bufferUnchanged: before.every((c, i) => c === after[i]),
        };
      }
    }
    const { section } = call;
    const thrown = 'throwsError' in section ? new Error(section.throwsError) : undefined;
    try {
      const value = mutex.withLock(() => {
        if ('returns' in section) return section.returns;
        if ('throws' in section) throw section.throws;
        if ('throwsError' in section) throw thrown;
        return play(section.calls) ? SECTION_DONE : 'stopped';
      });
      return { returned: asData(value) };
    } catch (error) {
      return thrownAs(error, thrown);
    }
  };
  play(lockCase.calls);
  return outcome;
}

function describeSection(section: Section): string {
  if ('returns' in section) return `() => ${showValue(section.returns)}`;
  if ('throws' in section) return `() => { throw ${showValue(section.throws)}; }`;
  if ('throwsError' in section)
    return `() => { throw new Error(${showValue(section.throwsError)}); }`;
  return `() => { ${section.calls.map(describeCall).join('; ')}; return '${SECTION_DONE}'; }`;
}

function describeCall(call: LockCall): string {
  switch (call.call) {
    case 'attach':
      return `new Mutex(m${call.mutex}.buffer)`;
    case 'lock':
    case 'unlock':
      return `m${call.mutex}.${call.call}()`;
    case 'withLock':
      return `m${call.mutex}.withLock(${describeSection(call.section)})`;
    case 'countWithoutLock':
      return `countWithoutLock(counter at ${call.start}, ${call.times})`;
    case 'countWithLock':
      return `countWithLock(counter at ${call.start}, ${call.times}, m${call.mutex})`;
  }
}

export function describeLockCase({ locks, calls }: LockCase): string {
  const made = [
    'm0 = new Mutex()',
    ...(locks === 2 ? ['m1 = new Mutex(new SharedArrayBuffer(4))'] : []),
  ];
  return `from one thread: ${[...made, ...calls.map(describeCall)].join('; ')} (each new Mutex(mK.buffer) is the next mK)`;
}
