import { byKind } from './error-kinds';
import type { MistakeSignature } from './types';

// Twins: two known mistakes (two mistake sentences) whose books show exactly the same failures.
// No observation tells them apart, so naming one of them alone would be a guess; recognition names
// them together ("one of these"), and the leave-one-out measure leaves them out together.

/** What a signature shows in at least half of its runs. */
export const usualFeatures = (signature: MistakeSignature): string[] =>
  Object.entries(signature.features)
    .filter(([, count]) => count * 2 >= signature.runs)
    .map(([feature]) => feature);

/** The usual failures as recognition compares them (a student's own error by its kind). */
const comparedUsual = (signature: MistakeSignature) =>
  [...byKind(usualFeatures(signature).map((feature): [string, number] => [feature, 1])).keys()]
    .sort()
    .join('\n');

/** The other mistakes whose usual failures, as compared, are the signature's. */
export function twinsOf(signature: MistakeSignature, signatures: MistakeSignature[]): string[] {
  const shows = comparedUsual(signature);
  return signatures
    .filter(
      (other) =>
        other.variant !== signature.variant &&
        other.mistake !== signature.mistake &&
        comparedUsual(other) === shows,
    )
    .map((other) => other.variant);
}
