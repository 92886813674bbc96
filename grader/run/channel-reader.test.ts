import { MAX_LINE_BYTES } from '../jest/channel';
import { ChannelReader, MAX_KEPT_BYTES } from './channel-reader';

const token = (n: number) => String(n).repeat(32);
const planned = new Set(['a', 'b']);
const probe = token(9);
const hello = JSON.stringify({ k: 'hello', tokens: { a: token(1), b: token(2) }, probe });
const pass = (id: string, value: string) => JSON.stringify({ k: 'pass', id, token: value });
const feed = (reader: ChannelReader, ...lines: string[]) =>
  reader.push(Buffer.from(lines.map((line) => line + '\n').join('')));

test('a pass counts only with the token the hello gave for that test', () => {
  const reader = new ChannelReader(planned);
  feed(reader, hello, pass('a', token(1)));
  expect([...reader.passed]).toEqual(['a']);
  expect(reader.tampering).toEqual([]);
});

test('lines split across chunks are joined; a cut last line is dropped, not judged', () => {
  const reader = new ChannelReader(planned);
  const text = `${hello}\n${pass('b', token(2))}\n{"k":"pa`;
  for (const piece of [text.slice(0, 7), text.slice(7, 90), text.slice(90)])
    reader.push(Buffer.from(piece));
  reader.end();
  expect([...reader.passed]).toEqual(['b']);
  expect(reader.tampering).toEqual([]);
});

test.each([
  ['a pass with a guessed token', [hello, pass('a', token(3))], /wrong token/, []],
  ['a pass before the hello', [pass('a', token(1)), hello], /before the test setup/, []],
  ['a second pass', [hello, pass('a', token(1)), pass('a', token(1))], /second pass/, ['a']],
  ['a pass for a test not planned', [hello, pass('z', token(1))], /wrong token/, []],
  ['a second hello', [hello, hello, pass('a', token(1))], /second hello/, ['a']],
  [
    'a hello with other tests',
    [JSON.stringify({ k: 'hello', tokens: { a: token(1), z: token(2) } }), pass('a', token(1))],
    /do not match the planned tests/,
    [],
  ],
  ['a line that is not JSON', ['PASS everything'], /not JSON/, []],
  ['an unknown kind', [JSON.stringify({ k: 'verdict', all: 'pass' })], /unknown kind/, []],
  [
    'a malformed reporter event',
    [JSON.stringify({ k: 'jest', event: { type: 'result' } })],
    /malformed/,
    [],
  ],
])('%s is tampering, never a pass or a crash', (_what, lines, note, passes) => {
  const reader = new ChannelReader(planned);
  expect(() => feed(reader, ...lines)).not.toThrow();
  expect([...reader.passed]).toEqual(passes);
  expect(reader.tampering.join('\n')).toMatch(note);
});

test('a line longer than any the reporter writes is tampering, and reading goes on after it', () => {
  const reader = new ChannelReader(planned);
  feed(reader, 'x'.repeat(MAX_LINE_BYTES + 10), hello, pass('a', token(1)));
  expect(reader.tampering).toEqual([`a line longer than ${MAX_LINE_BYTES} bytes`]);
  expect([...reader.passed]).toEqual(['a']);
});

test('reporter events reach the watchdog as they come', () => {
  const seen: string[] = [];
  const reader = new ChannelReader(planned, (event) => seen.push(event.type));
  feed(
    reader,
    JSON.stringify({ k: 'jest', event: { type: 'start', file: 'f', name: 'a' } }),
    JSON.stringify({ k: 'jest', event: { type: 'done' } }),
  );
  expect(seen).toEqual(['start', 'done']);
  expect(reader.events).toHaveLength(2);
});

test("a done written before jest's does not hide jest's from the watchdog; one is kept", () => {
  // Only the watchdog's clock can tell them apart (test-clock.ts): jest's comes after the file's end.
  const seen: string[] = [];
  const reader = new ChannelReader(planned, (event) => seen.push(event.type));
  const done = JSON.stringify({ k: 'jest', event: { type: 'done' } });
  feed(reader, done, JSON.stringify({ k: 'jest', event: { type: 'file', file: 'f' } }), done);
  expect(seen).toEqual(['done', 'file', 'done']);
  expect(reader.events.filter((each) => each.type === 'done')).toHaveLength(1);
});

test("the stack probe's report is kept for its test; a malformed one is tampering", () => {
  const report = {
    threads: [
      {
        name: 'main',
        state: 'waiting',
        frames: [{ fn: 'lock', cls: 'Mutex', url: '/m.ts', line: 3, col: 4 }],
      },
      { name: 'worker', n: 1, state: 'running', moved: false, frames: [] },
    ],
    workers: 1,
  };
  const reader = new ChannelReader(planned);
  feed(reader, hello, JSON.stringify({ k: 'stuck', id: 'a', token: probe, ...report }));
  expect(reader.tampering).toEqual([]);
  expect(reader.stuck.get('a')).toEqual(report);

  for (const bad of [
    { k: 'stuck', id: 'z', threads: [] },
    { k: 'stuck', id: 'b', threads: [{ name: 'main', state: 'asleep', frames: [] }] },
    { k: 'stuck', id: 'b', threads: [{ name: 'main', state: 'idle', frames: [{ fn: 1 }] }] },
    { k: 'stuck', id: 'b', threads: Array(41).fill({ name: 'main', state: 'idle', frames: [] }) },
  ]) {
    const wary = new ChannelReader(planned);
    feed(wary, hello, JSON.stringify({ ...bad, token: probe }));
    expect(wary.tampering).toEqual(['a malformed stack probe report']);
    expect(wary.stuck.size).toBe(0);
  }
});

const event = (body: object) => JSON.stringify({ k: 'jest', event: body });
const result = (fields: object) =>
  event({ type: 'result', file: 'f', name: 'a', status: 'failed', failureMessages: [], ...fields });

test('values a student wrote are clamped where they are read: durations, names, message counts', () => {
  const reader = new ChannelReader(planned);
  feed(
    reader,
    result({ durationMs: -1 }),
    // JSON cannot say Infinity, but 1e400 parses to it.
    `{"k":"jest","event":{"type":"result","file":"f","name":"a","status":"failed","durationMs":1e400,"failureMessages":[]}}`,
    result({ durationMs: 12, name: 'n'.repeat(100_000), failureMessages: Array(1000).fill('m') }),
  );
  const results = reader.events.filter((each) => each.type === 'result');
  expect(results.map((each) => each.durationMs)).toEqual([0, 0, 12]);
  expect(results[2].name.length).toBeLessThanOrEqual(4096);
  expect(results[2].failureMessages).toHaveLength(16);
  expect(reader.tampering).toEqual([]);
});

test('a flood of well-formed reporter lines is kept only up to the budget, the rest counted as tampering', () => {
  const reader = new ChannelReader(planned);
  const line = result({ name: 'unplanned', durationMs: 1, failureMessages: ['x'.repeat(200_000)] });
  const chunk = Buffer.from(`${line}\n`.repeat(20));
  const before = process.memoryUsage().heapUsed;
  for (let round = 0; round < 50; round++) reader.push(chunk);
  feed(reader, event({ type: 'done' }), hello, pass('a', token(1)));
  reader.end();
  const kept = reader.events.filter((each) => each.type === 'result').length;
  expect(kept * 200_000).toBeLessThanOrEqual(MAX_KEPT_BYTES);
  expect(reader.dropped).toBe(1000 - kept);
  expect(reader.tampering.join('\n')).toMatch(/lines past the 16 MiB/);
  // What decides the attempt still gets through: the end of the run and the passes.
  expect(reader.events.at(-1)).toEqual({ type: 'done' });
  expect([...reader.passed]).toEqual(['a']);
  expect(process.memoryUsage().heapUsed - before).toBeLessThan(3 * MAX_KEPT_BYTES);
});

test('a flood of lines the reader refuses spends the same budget, and the run is then full', () => {
  // Unknown kinds and time-limit lines for tests not planned are parsed only to be refused: they
  // once never filled the budget, and kept a grader core parsing for the whole run.
  const reader = new ChannelReader(planned);
  feed(reader, hello);
  const numbers = JSON.stringify({ k: 'flood', x: new Array(60_000).fill(0) });
  const over = JSON.stringify({ k: 'over', id: 'nope', why: 'time-limit', limitMs: 1 });
  const chunk = Buffer.from(`${numbers}\n${over}\n`.repeat(20));
  for (let round = 0; round < 200 && !reader.full; round++) reader.push(chunk);
  expect(reader.full).toBe(true);
  // Long lines are dropped unread from then on; what decides the attempt still gets through.
  reader.push(chunk);
  feed(reader, pass('a', token(1)), event({ type: 'done' }));
  reader.end();
  expect(reader.dropped).toBeGreaterThan(0);
  expect([...reader.passed]).toEqual(['a']);
  expect(reader.events.at(-1)).toEqual({ type: 'done' });
});

test('a flood of empty lines spends the budget too, and the run is then full', () => {
  // Nothing of the grader's writes an empty line: free, a flood of them kept a grader core busy.
  const reader = new ChannelReader(planned);
  feed(reader, hello);
  reader.push(Buffer.from('\n'.repeat(MAX_KEPT_BYTES / 256 + 1)));
  expect(reader.full).toBe(true);
  feed(reader, pass('a', token(1)));
  expect([...reader.passed]).toEqual(['a']);
});

test("a stuck report's positions and texts are bounded; a negative or fractional position is malformed", () => {
  const frame = { fn: 'f'.repeat(10_000), url: '/m.ts', line: 3, col: 4 };
  const stuck = (frames: object[]) =>
    JSON.stringify({
      k: 'stuck',
      id: 'a',
      token: probe,
      threads: [{ name: 'main', state: 'idle', frames }],
    });
  const reader = new ChannelReader(planned);
  feed(reader, hello, stuck([frame]));
  expect(reader.stuck.get('a')!.threads[0].frames[0].fn.length).toBe(512);
  for (const line of [-1, 1.5, 1e12]) {
    const wary = new ChannelReader(planned);
    feed(wary, hello, stuck([{ ...frame, line }]));
    expect(wary.tampering).toEqual(['a malformed stack probe report']);
  }
});

test('only the stack probe can report where threads were stuck: a line without its token is tampering', () => {
  // Student code writes a report whose function names are lines of a hidden test.
  const report = {
    k: 'stuck',
    id: 'a',
    threads: [
      {
        name: 'main',
        state: 'waiting',
        frames: [{ fn: 'expect(hidden).toBe(1)', url: '/m.ts', line: 1, col: 1 }],
      },
    ],
  };
  for (const [lines, what] of [
    [[hello, JSON.stringify(report)], 'no token'],
    [[hello, JSON.stringify({ ...report, token: token(1) })], 'a pass token'],
    [[JSON.stringify(report)], 'before the hello'],
  ] as const) {
    const reader = new ChannelReader(planned);
    feed(reader, ...lines);
    expect({ what, tampering: reader.tampering }).toEqual({
      what,
      tampering: ["a stack probe report without the probe's token"],
    });
    expect(reader.stuck.size).toBe(0);
  }
});

test("the setup's word that it ended a test needs no token (it can only fail), and is checked for shape", () => {
  const reader = new ChannelReader(planned);
  const over = (line: object) => JSON.stringify({ k: 'over', ...line });
  feed(
    reader,
    hello,
    over({ id: 'a', why: 'hung', afterMs: 1200, threads: [{ thread: 3, state: 'waiting' }] }),
    over({ id: 'a', why: 'time-limit', limitMs: 5000 }),
    over({ id: 'b', why: 'time-limit', limitMs: -5 }),
    over({ id: 'z', why: 'time-limit', limitMs: 5000 }),
    over({ id: 'b', why: 'hung', afterMs: 1, threads: [{ thread: 1, state: 'running' }] }),
    over({ id: 'b', why: 'bored' }),
  );
  // The first word on a test stands; a limit that is no duration becomes 0.
  expect([...reader.overruns]).toEqual([
    ['a', { why: 'hung', afterMs: 1200, threads: [{ thread: 3, state: 'waiting' }] }],
    ['b', { why: 'time-limit', limitMs: 0 }],
  ]);
  expect(reader.tampering).toEqual([
    'a malformed time-limit line',
    'a malformed time-limit line',
    'a malformed time-limit line',
  ]);
});

test("a hung test's dead-state keys are kept only when each is a key the hang watch makes", () => {
  const reader = new ChannelReader(planned);
  const hung = (id: string, keys: unknown) =>
    JSON.stringify({ k: 'over', id, why: 'hung', afterMs: 900, threads: [], keys });
  feed(
    reader,
    hello,
    hung('a', ['idle', 'waiting at -123456', 'idle']),
    hung('b', ['waiting at somewhere; rm -rf']),
    hung('b', 'idle'),
  );
  // Repeated keys are one; the grader hands them to the job's later test processes (run-tests.ts).
  expect([...reader.overruns]).toEqual([
    ['a', { why: 'hung', afterMs: 900, threads: [], keys: ['idle', 'waiting at -123456'] }],
  ]);
  expect(reader.tampering).toHaveLength(2);
});
