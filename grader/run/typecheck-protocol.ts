import type { Diagnostic } from '../result/types';

// What the grader asks a type-checker process and what it answers (typecheck.ts,
// shared-typecheck.ts and their servers).

export interface TypecheckRequest {
  files: string[];
  subjectRoot: string;
}

export type TypecheckReply =
  | { kind: 'checked'; diagnostics: Diagnostic[] }
  /** The checker could not give an answer: out of time, memory or stack. */
  | { kind: 'failed'; reason: string };
