import type { JestEvent, Overrun, StuckReport } from '../jest/channel';
import { MAX_LINE_BYTES } from '../jest/channel';
import { clampedJestEvent, clampedOverrun, clampedStuckReport, clip } from './channel-values';

const MAX_NOTES = 20;
/**
 * What one attempt may send on the channel, every line counted whatever its kind. An honest test
 * file stays far below it (each message is capped at 64 KiB in the test process, and at most
 * MAX_MESSAGES are kept per test): past it, long lines are dropped unread and counted, so a flood
 * costs the grader no memory, and the run is stopped. Lines the reader parses only to refuse (an
 * unknown kind, an `over` line for a test not planned) count too: counting only the reporter's
 * kept events, a flood of them was parsed for the whole run, a grader core busy at 90 MB a second.
 */
export const MAX_KEPT_BYTES = 16 * 1024 * 1024;
/** The longest line still read once the budget is spent (a pass line is about 100 bytes). */
const SHORT_LINE_BYTES = 4096;
/** Every line costs at least this much, so a flood of tiny lines is bounded too. */
const MIN_EVENT_COST = 256;

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
  /**
   * Per test id: the setup ended it at its time limit or as hung (the first word kept). No token
   * is asked for: this can only fail a test.
   */
  readonly overruns = new Map<string, Overrun>();
  private tokens: Map<string, string> | undefined;
  /** The token the stack probe's reports carry, from the hello. */
  private probeToken: string | undefined;
  private partial: Buffer[] = [];
  private partialBytes = 0;
  private skippingLongLine = false;
  private keptBytes = 0;
  /** Lines dropped past MAX_KEPT_BYTES. */
  dropped = 0;
  private sawDone = false;
  /** The budget is spent: only short lines are still read. */
  private budgetSpent = false;

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

  /** Past MAX_KEPT_BYTES: the run has tampered, and nothing more it says is kept. */
  get full(): boolean {
    return this.budgetSpent;
  }

  /** A last line without its newline was cut short by a kill: it is dropped, not judged. */
  end(): void {
    this.partial = [];
    this.partialBytes = 0;
    if (this.dropped > 0 || this.budgetSpent)
      this.note(
        `${this.dropped} lines past the ${MAX_KEPT_BYTES / (1024 * 1024)} MiB an attempt may send`,
      );
  }

  private collect(bytes: Buffer): void {
    if (bytes.length === 0 || this.skippingLongLine) return;
    this.partialBytes += bytes.length;
    // Past the budget only short lines (a pass, the end of the run) can still matter: longer ones
    // are dropped unread, so a flood costs no parsing either.
    if (this.budgetSpent && this.partialBytes > SHORT_LINE_BYTES) {
      this.dropped++;
      this.skippingLongLine = true;
      this.partial = [];
      return;
    }
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
    if (skipped) return;
    // Charged before it is parsed, whatever it turns out to be; past the budget it is still read
    // (collect() lets only short lines through by then): a pass or the end of the run may matter.
    // An empty line too, which nothing of the grader's writes: free, a flood of newlines (5 s of
    // them, in each of the fixture's two test files) cost the grader 4 s of CPU instead of 1.
    const cost = Math.max(text.length, MIN_EVENT_COST);
    if (this.keptBytes + cost > MAX_KEPT_BYTES) this.budgetSpent = true;
    else this.keptBytes += cost;
    if (text === '') {
      if (this.budgetSpent) this.dropped++;
      return;
    }
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
      const event = clampedJestEvent(line.event);
      if (!event) return this.note('a malformed reporter event');
      this.keep(event);
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
      if (typeof line.probe === 'string' && line.probe.length >= 32) this.probeToken = line.probe;
    } else if (line.k === 'pass') {
      const id = typeof line.id === 'string' ? line.id : '';
      if (!this.tokens) return this.note('a pass before the test setup said hello');
      if (this.tokens.get(id) !== line.token)
        return this.note(`a pass for test ${clip(id, 40)} with a wrong token`);
      if (this.passed.has(id)) return this.note(`a second pass for test ${id}`);
      this.passed.add(id);
    } else if (line.k === 'stuck') {
      const id = typeof line.id === 'string' ? line.id : '';
      // Only the probe itself may say where threads were stuck: its frames are shown to students.
      if (this.probeToken === undefined || line.token !== this.probeToken)
        return this.note("a stack probe report without the probe's token");
      const report = clampedStuckReport(line);
      if (!this.planned.has(id) || !report) return this.note('a malformed stack probe report');
      if (!this.stuck.has(id)) this.stuck.set(id, report);
    } else if (line.k === 'over') {
      const id = typeof line.id === 'string' ? line.id : '';
      const overrun = clampedOverrun(line);
      if (!this.planned.has(id) || !overrun) return this.note('a malformed time-limit line');
      if (!this.overruns.has(id)) this.overruns.set(id, overrun);
    } else {
      this.note(`a line of unknown kind ${JSON.stringify(String(line.k)).slice(0, 40)}`);
    }
  }

  /**
   * Every `done` goes to `onEvent`, one is kept in `events`, and other events only within the
   * budget: only the watch can tell jest's `done` from one graded code wrote earlier (test-clock.ts),
   * so a forged one must not hide the real one.
   */
  private keep(event: JestEvent): void {
    if (event.type === 'done') {
      if (!this.sawDone) this.events.push(event);
      this.sawDone = true;
      return this.onEvent(event);
    }
    if (this.budgetSpent) {
      this.dropped++;
      return;
    }
    this.events.push(event);
    this.onEvent(event);
  }

  private note(what: string): void {
    if (this.tampering.length < MAX_NOTES) this.tampering.push(what);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
