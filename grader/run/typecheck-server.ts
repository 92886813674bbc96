import { checkTypes } from './type-program';
import type { TypecheckReply, TypecheckRequest } from './typecheck';

// The type-checker's own process (see typecheck.ts): it keeps the parsed standard library between
// requests, and whatever a submitted file does to the compiler (a stack overflow in the parser, a
// type that takes gigabytes to check) happens here, not in the grader.

process.on('message', (request: TypecheckRequest) => {
  let reply: TypecheckReply;
  try {
    reply = { kind: 'checked', diagnostics: checkTypes(request.files, request.subjectRoot) };
  } catch (error) {
    reply = {
      kind: 'failed',
      reason:
        error instanceof RangeError
          ? 'the type-checker ran out of stack (is something nested thousands of levels deep?)'
          : `the type-checker failed: ${(error as Error).message ?? String(error)}`.slice(0, 2000),
    };
  }
  process.send?.(reply);
});

// The grader went away (it finished, or was killed): nothing is left to check.
process.on('disconnect', () => process.exit(0));
