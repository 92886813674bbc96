/**
 * Runs an assertion and, when it fails, puts a sentence a student can act on above jest's
 * expected/received lines:
 *   because('each of the 100 items must arrive exactly once', () => expect(received).toEqual(sent));
 */
export function because(explanation: string, assertion: () => void): void {
  try {
    assertion();
  } catch (error) {
    if (error instanceof Error || (error && typeof (error as Error).message === 'string')) {
      (error as Error).message = `${explanation}\n\n${(error as Error).message}`;
    }
    throw error;
  }
}
