import type { JestEvent, ProbedThread, StuckReport } from '../jest/channel';
import { MAX_LINE_BYTES } from '../jest/channel';

const MAX_NOTES = 20;

/**
 * Reads a test process's channel (see jest/channel.ts) defensively: every line is parsed and
 * checked for shape, and anything that the setup and the reporter would never write (not JSON, an
 * unknown kind, a second hello, a pass for a test not planned, with a wrong token or twice, a line
 * longer than any the reporter writes) is noted as tampering instead of being believed or thrown.
 */
export class ChannelReader {
  readonly events: JestEvent[] = [];
  /** Test ids whose own function completed and handed back its token. */
  readonly passed = new Set<string>();
  readonly tampering: string[] = [];
  /** Per test id: where its threads were when it passed its time limit (the first report kept). */
  readonly stuck = new Map<string, StuckReport>();
  private tokens: Map<string, string> | undefined;
  private partial: Buffer[] = [];
  private partialBytes = 0;
  private skippingLongLine = false;

  constructor(
    private readonly planned: ReadonlySet<string>,
    private readonly onEvent: (event: JestEvent) => void = () => undefined,
  ) {}

  push(chunk: Buffer): void {
    let start = 0;
    for (let newline = chunk.indexOf(10); newline !== -1; newline = chunk.indexOf(10, start)) {
      this.collect(chunk.subarray(start, newline));
      this.finishLine();
      start = newline + 1;
    }
    this.collect(chunk.subarray(start));
  }

  /** A last line without its newline was cut short by a kill: it is dropped, not judged. */
  end(): void {
    this.partial = [];
    this.partialBytes = 0;
  }

  private collect(bytes: Buffer): void {
    if (bytes.length === 0 || this.skippingLongLine) return;
    this.partialBytes += bytes.length;
    if (this.partialBytes > MAX_LINE_BYTES) {
      this.note(`a line longer than ${MAX_LINE_BYTES} bytes`);
      this.skippingLongLine = true;
      this.partial = [];
      return;
    }
    this.partial.push(Buffer.from(bytes));
  }

  private finishLine(): void {
    const text = Buffer.concat(this.partial).toString('utf8');
    const skipped = this.skippingLongLine;
    this.partial = [];
    this.partialBytes = 0;
    this.skippingLongLine = false;
    if (skipped || text === '') return;
    let line: unknown;
    try {
      line = JSON.parse(text);
    } catch {
      this.note(`a line that is not JSON: ${JSON.stringify(text.slice(0, 80))}`);
      return;
    }
    this.accept(line);
  }

  private accept(line: unknown): void {
    if (!isRecord(line)) return this.note('a line that is not an object');
    if (line.k === 'jest') {
      if (!isJestEvent(line.event)) return this.note('a malformed reporter event');
      this.events.push(line.event);
      this.onEvent(line.event);
    } else if (line.k === 'hello') {
      if (this.tokens)
        return this.note('a second hello: something else claims to be the test setup');
      const tokens = line.tokens;
      if (
        !isRecord(tokens) ||
        Object.keys(tokens).length !== this.planned.size ||
        !Object.entries(tokens).every(
          ([id, token]) => this.planned.has(id) && typeof token === 'string' && token.length >= 32,
        )
      )
        return this.note('a hello whose tokens do not match the planned tests');
      this.tokens = new Map(Object.entries(tokens as Record<string, string>));
    } else if (line.k === 'pass') {
      const id = typeof line.id === 'string' ? line.id : '';
      if (!this.tokens) return this.note('a pass before the test setup said hello');
      if (this.tokens.get(id) !== line.token)
        return this.note(`a pass for test ${id} with a wrong token`);
      if (this.passed.has(id)) return this.note(`a second pass for test ${id}`);
      this.passed.add(id);
    } else if (line.k === 'stuck') {
      const id = typeof line.id === 'string' ? line.id : '';
      if (!this.planned.has(id) || !isStuckReport(line))
        return this.note('a malformed stack probe report');
      if (!this.stuck.has(id))
        this.stuck.set(id, {
          threads: line.threads,
          workers: line.workers,
          error: line.error,
        });
    } else {
      this.note(`a line of unknown kind ${JSON.stringify(String(line.k)).slice(0, 40)}`);
    }
  }

  private note(what: string): void {
    if (this.tampering.length < MAX_NOTES) this.tampering.push(what);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const isString = (value: unknown): value is string => typeof value === 'string';

function isJestEvent(event: unknown): event is JestEvent {
  if (!isRecord(event)) return false;
  switch (event.type) {
    case 'start':
      return isString(event.file) && isString(event.name);
    case 'result':
      return (
        isString(event.file) &&
        isString(event.name) &&
        isString(event.status) &&
        typeof event.durationMs === 'number' &&
        Array.isArray(event.failureMessages) &&
        event.failureMessages.every(isString)
      );
    case 'file':
      return isString(event.file) && (event.execError === undefined || isString(event.execError));
    case 'done':
      return true;
    default:
      return false;
  }
}

const MAX_THREADS = 40;
const MAX_FRAMES = 16;
const isCount = (value: unknown) => Number.isInteger(value) && (value as number) >= 0;

/** The probe's report (jest/channel.ts StuckReport), with the caps the probe itself keeps. */
function isStuckReport(
  line: Record<string, unknown>,
): line is Record<string, unknown> & StuckReport {
  return (
    Array.isArray(line.threads) &&
    line.threads.length <= MAX_THREADS &&
    line.threads.every(isProbedThread) &&
    (line.workers === undefined || isCount(line.workers)) &&
    (line.error === undefined || isString(line.error))
  );
}

function isProbedThread(thread: unknown): thread is ProbedThread {
  if (!isRecord(thread)) return false;
  return (
    (thread.name === 'main' || thread.name === 'worker') &&
    (thread.n === undefined || isCount(thread.n)) &&
    (thread.state === 'waiting' || thread.state === 'running' || thread.state === 'idle') &&
    (thread.moved === undefined || typeof thread.moved === 'boolean') &&
    Array.isArray(thread.frames) &&
    thread.frames.length <= MAX_FRAMES &&
    thread.frames.every(
      (frame) =>
        isRecord(frame) &&
        isString(frame.fn) &&
        (frame.cls === undefined || isString(frame.cls)) &&
        isString(frame.url) &&
        isCount(frame.line) &&
        isCount(frame.col),
    )
  );
}
