import { prepareLibraries, replyTo } from './type-program';
import type { TypecheckRequest } from './typecheck-protocol';

// The type-checker's own process (see typecheck.ts): it keeps the parsed standard library between
// requests, and whatever a submitted file does to the compiler (a stack overflow in the parser, a
// type that takes gigabytes to check) happens here, not in the grader. It starts either as this
// script or from a startup snapshot (typecheck-snapshot.js), which has `prepare` done already.

/** Parses what every request needs (the standard library, Node's types). */
export const prepare = prepareLibraries;

/** Answers the grader's requests until it goes away. */
export function serve(): void {
  process.on('message', (request: TypecheckRequest) => process.send?.(replyTo(request)));
  // The grader went away (it finished, or was killed): nothing is left to check.
  process.on('disconnect', () => process.exit(0));
}

if (require.main === module) serve();
