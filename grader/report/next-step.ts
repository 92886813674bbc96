import type { ExerciseResult } from '../result/types';

/**
 * What a check says after its result: a pass that earlier checks of the same code contradict is
 * not done; a done exercise points at the next one not done, as Rustlings moves on.
 *
 * `current` is this check's result, `kept` what is now recorded for the same code (all its runs),
 * `next` the first exercise not done yet.
 */
export function renderNextStep(
  current: ExerciseResult,
  kept: ExerciseResult,
  next: { id: string; title: string } | undefined,
): string {
  if (current.status === 'pass' && kept.status !== 'pass') {
    const failed = kept.tests
      .filter((test) => (test.failed_runs ?? 0) > 0)
      .map((test) => `"${test.name}"`);
    return (
      `\nNot done yet: this same code failed in ${kept.failed_runs} of ${kept.runs} runs so far` +
      `${failed.length > 0 ? ` (${failed.join(', ')})` : ''}. It is done when it passes every time: find the race, then check again.\n`
    );
  }
  if (kept.status !== 'pass') return '';
  return next
    ? `\n${current.id} is done. Next: ${next.id} ${next.title} (npm run check ${next.id}, or just npm run check).\n`
    : `\n${current.id} is done, and so is every exercise: each one passed its last check.\n`;
}
