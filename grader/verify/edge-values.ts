// The values generated cases reach for on purpose, shared by the generators in
// solutions/*/cases/: what a submission may take for "nothing" (a falsy value) or keep as a
// sentinel (the ends of the 32-bit range). Order matters: a generator draws from these lists
// with its seed, so reordering them changes every stored table that uses them.

export const INT32_MIN = -2147483648;
export const INT32_MAX = 2147483647;

/** Falsy values first, then the 32-bit limits. */
export const EDGE_VALUES: readonly unknown[] = [
  0,
  -0,
  NaN,
  undefined,
  null,
  '',
  false,
  INT32_MIN,
  INT32_MAX,
];

/** True for a value a submission may mistake for "nothing" or for its own sentinel. */
export const isFalsyOrExtreme = (value: unknown): boolean =>
  !value || value === INT32_MIN || value === INT32_MAX;
