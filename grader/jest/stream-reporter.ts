import * as fs from 'fs';
import { capMessage, CHANNEL_FD } from './channel';

interface TestRef {
  path: string;
}

// Captured when jest loads the reporter, before any test file or student code. The reporter runs in
// jest's own realm, which graded code reaches through any host function's constructor
// (`Buffer.constructor('return this')()`): Node's JSON was patched that way to turn failed results
// into passes, and `JSON.stringify` consults `toJSON` on every object and array it is handed, which
// a method added to that realm's Object.prototype or Array.prototype would answer. So a line is
// written from strings and numbers alone, each quoted by the captured `stringify` (which asks
// nothing of a primitive), and no method of a shared prototype is called on the way: no
// destructuring (it calls that realm's array iterator, which graded code replaced to report every
// failed test as passed) and no index assignment (an index setter there would take the value).
const writeSync = fs.writeSync;
const stringify = JSON.stringify;
const define = Object.defineProperty;

/** `array[index] = value`, defined: no setter on the prototype chain is consulted. */
function put<T>(array: T[], index: number, value: T): void {
  define(array, index, {
    __proto__: null,
    value,
    writable: true,
    enumerable: true,
    configurable: true,
  } as PropertyDescriptor);
}

type Field = string | number | boolean | undefined | readonly string[];

/** A JSON object of these fields, in order, built without consulting any prototype. */
export function jsonLine(fields: readonly (readonly [string, Field])[]): string {
  let text = '';
  for (let index = 0; index < fields.length; index++) {
    const key = fields[index][0];
    const value = fields[index][1];
    if (value === undefined) continue;
    text += `${text === '' ? '' : ','}${stringify(key)}:${jsonValue(value)}`;
  }
  return `{${text}}`;
}

function jsonValue(value: Exclude<Field, undefined>): string {
  if (typeof value !== 'object') return stringify(value);
  let text = '';
  for (let index = 0; index < value.length; index++)
    text += `${index === 0 ? '' : ','}${stringify(value[index])}`;
  return `[${text}]`;
}

/**
 * The longest line the reporter writes, in UTF-16 units: at most 3 bytes each as UTF-8, so under
 * 32 KiB. The threads of a test process (this reporter, the token vault, the hang watch) share the
 * channel, a Unix socket, where one write of up to 32 KiB is queued whole but a longer one goes in
 * pieces: a line another thread wrote meanwhile cut a long failure in two, and the grader read
 * two lines that are not JSON as tampering (hostile case backtracking-stack, under load).
 */
export const MAX_LINE_UNITS = 10_000;

const slice = String.prototype.slice;
const apply = Reflect.apply;

/** `text` cut to `units`, saying how much was left out. */
function cut(text: string, units: number): string {
  if (text.length <= units) return text;
  const head = apply(slice, text, [0, units]) as string;
  return `${head}\n[… ${text.length - units} more characters not kept: a report line is capped]`;
}

/**
 * The line for these fields, within MAX_LINE_UNITS: strings and lists of strings (their first 8)
 * are cut, shorter and shorter, until it fits; numbers and the field names stay whole.
 */
export function boundedLine(fields: readonly (readonly [string, Field])[]): string {
  let line = jsonLine(fields);
  for (let units = 8192; line.length > MAX_LINE_UNITS && units >= 16; units >>= 1) {
    const shorter: (readonly [string, Field])[] = [];
    for (let index = 0; index < fields.length; index++) {
      const key = fields[index][0];
      const value = fields[index][1];
      if (typeof value === 'string') put(shorter, index, [key, cut(value, units)]);
      else if (typeof value === 'object') {
        // The grader keeps a few messages per test anyway (run/channel-values.ts).
        const list: string[] = [];
        for (let item = 0; item < value.length && item < 8; item++)
          put(list, item, cut(value[item], units));
        put(shorter, index, [key, list]);
      } else put(shorter, index, [key, value]);
    }
    line = jsonLine(shorter);
  }
  return line;
}

/** A message as the channel carries it: jest's, capped; a global's replacement is not consulted. */
function text(message: unknown): string {
  return typeof message === 'string' ? capMessage(message) : '';
}

/**
 * A jest reporter that writes each event to the grader's channel as it happens, synchronously, so
 * it survives a later SIGKILL (partial credit). It runs in the same process as student code, so
 * the grader takes its lines as explanation only: points come from the setup's pass tokens.
 */
export default class StreamReporter {
  private emit(event: readonly (readonly [string, Field])[]): void {
    // The line is `{ k: 'jest', event }` of jest/channel.ts.
    const line = `{"k":"jest","event":${boundedLine(event)}}\n`;
    try {
      writeSync(CHANNEL_FD, line);
    } catch {
      // No grader listening (the channel is closed): nothing to report to.
    }
  }

  onTestCaseStart(test: TestRef, info: { fullName: string }): void {
    this.emit([
      ['type', 'start'],
      ['file', test.path],
      ['name', info.fullName],
    ]);
  }

  onTestCaseResult(
    test: TestRef,
    result: {
      fullName: string;
      status: string;
      duration?: number | null;
      failureMessages: string[];
    },
  ): void {
    const messages: string[] = [];
    for (let index = 0; index < result.failureMessages.length; index++)
      put(messages, index, text(result.failureMessages[index]));
    this.emit([
      ['type', 'result'],
      ['file', test.path],
      ['name', result.fullName],
      ['status', result.status],
      ['durationMs', typeof result.duration === 'number' ? result.duration : 0],
      ['failureMessages', messages],
    ]);
  }

  onTestFileResult(
    test: TestRef,
    result: { testExecError?: { message: string; stack?: string } },
  ): void {
    const error = result.testExecError;
    this.emit([
      ['type', 'file'],
      ['file', test.path],
      ['execError', error ? text(error.stack ?? error.message) : undefined],
    ]);
  }

  onRunComplete(): void {
    this.emit([['type', 'done']]);
  }

  getLastError(): undefined {
    return undefined;
  }
}

// Its methods stay its own: graded code can reach this module through jest's realm.
Object.freeze(StreamReporter.prototype);
Object.freeze(StreamReporter);
