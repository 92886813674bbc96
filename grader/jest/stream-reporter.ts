import * as fs from 'fs';
import type { RunEvent } from './events';

interface TestRef {
  path: string;
}

/** A jest reporter that appends each event synchronously, so it survives a later SIGKILL. */
export default class StreamReporter {
  private readonly eventsFile: string;

  constructor(_globalConfig: unknown, options: { eventsFile: string }) {
    this.eventsFile = options.eventsFile;
  }

  private emit(event: RunEvent): void {
    fs.appendFileSync(this.eventsFile, JSON.stringify(event) + '\n');
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
      failureMessages: result.failureMessages,
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
      execError: error ? (error.stack ?? error.message) : undefined,
    });
  }

  onRunComplete(): void {
    this.emit({ type: 'done' });
  }

  getLastError(): undefined {
    return undefined;
  }
}
