import * as fs from 'fs';
import { capMessage, CHANNEL_FD, ChannelLine, JestEvent } from './channel';

interface TestRef {
  path: string;
}

/**
 * A jest reporter that writes each event to the grader's channel as it happens, synchronously, so
 * it survives a later SIGKILL (partial credit). It runs in the same process as student code, so
 * the grader takes its lines as explanation only: points come from the setup's pass tokens.
 */
export default class StreamReporter {
  // Captured when jest loads the reporter, before any test file or student code: Node's own JSON
  // is reachable from graded code (through any host function's constructor) and was patched to
  // turn failed results into passes.
  private readonly writeSync = fs.writeSync;
  private readonly stringify = JSON.stringify;

  private emit(event: JestEvent): void {
    const line: ChannelLine = { k: 'jest', event };
    try {
      this.writeSync(CHANNEL_FD, this.stringify(line) + '\n');
    } catch {
      // No grader listening (the channel is closed): nothing to report to.
    }
  }

  onTestCaseStart(test: TestRef, info: { fullName: string }): void {
    this.emit({ type: 'start', file: test.path, name: info.fullName });
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
    this.emit({
      type: 'result',
      file: test.path,
      name: result.fullName,
      status: result.status,
      durationMs: result.duration ?? 0,
      failureMessages: result.failureMessages.map(capMessage),
    });
  }

  onTestFileResult(
    test: TestRef,
    result: { testExecError?: { message: string; stack?: string } },
  ): void {
    const error = result.testExecError;
    this.emit({
      type: 'file',
      file: test.path,
      execError: error ? capMessage(error.stack ?? error.message) : undefined,
    });
  }

  onRunComplete(): void {
    this.emit({ type: 'done' });
  }

  getLastError(): undefined {
    return undefined;
  }
}
