/**
 * A problem with what the user asked for or gave (an unknown exercise, an invalid manifest, a
 * missing sandbox that was required): the CLI prints the message alone, no stack, and exits 2.
 * Anything else that escapes a command is the grader's own fault and keeps its stack.
 */
export class UserError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** A wrong flag or argument: the CLI adds where to find the commands. */
export class UsageError extends UserError {}
