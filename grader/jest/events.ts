/**
 * What the jest reporter streams to the grader, one JSON object per line, as tests happen.
 * Streaming (not jest's --json at the end) is what keeps partial credit when a run is killed.
 */
export type RunEvent =
  | { type: 'start'; file: string; name: string }
  | {
      type: 'result';
      file: string;
      name: string;
      status: string;
      durationMs: number;
      failureMessages: string[];
    }
  | { type: 'file'; file: string; execError?: string }
  | { type: 'done' };
