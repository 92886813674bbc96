import { replyTo } from './type-program';
import type { TypecheckRequest } from './typecheck-protocol';

// The type-checker's own process (see typecheck.ts): it keeps the parsed standard library between
// requests, and whatever a submitted file does to the compiler (a stack overflow in the parser, a
// type that takes gigabytes to check) happens here, not in the grader.

process.on('message', (request: TypecheckRequest) => process.send?.(replyTo(request)));

// The grader went away (it finished, or was killed): nothing is left to check.
process.on('disconnect', () => process.exit(0));
