import { exerciseResult, testResult } from '../report/__fixtures__/results';
import { buildSignature, observedFeatures } from '../result/mistakes';
import type { ExerciseResult, TestResult } from '../result/types';
import {
  leaveOneOut,
  observationsFromBook,
  renderTally,
  Scored,
  scoreHeldOut,
  tally,
} from './recognition';
import { writtenIn } from '../result/error-kinds';
import { twinsOf } from '../result/mistake-twins';

// The recognition measure is pure: given signatures and observed failures, the same table every
// time. Golden cases: a twin (another variant failing exactly alike, with another mistake), a
// duplicate (the same mistake recorded twice), a loner (fails like no other).

const failing = (tests: Partial<TestResult>[]): ExerciseResult =>
  exerciseResult({
    tests: tests.map((test, index) =>
      testResult({ name: `t${index}`, status: 'fail', score: 0, ...test }),
    ),
  });

const wakes = failing([{ name: 'wakes', message: 'no waiter was woken' }]);
const loner = failing([{ name: 'counts', message: 'counted 9 of 10' }]);
const book = [
  buildSignature({ name: 'no-notify', mistake: 'never notifies' }, [wakes]),
  buildSignature({ name: 'no-notify-twin', mistake: 'notifies the wrong cell' }, [wakes]),
  buildSignature({ name: 'lost-update', mistake: 'load then store' }, [loner]),
  buildSignature({ name: 'lost-update-again', mistake: 'load then store' }, [loner]),
];
const observe = (name: string, result: ExerciseResult) => ({
  name,
  features: observedFeatures(result),
});

test('leave-one-out: twins are left out together, a duplicate is a right claim', () => {
  const rows = leaveOneOut('ex03', book, observationsFromBook(book));
  expect(rows).toEqual([
    { exercise: 'ex03', name: 'no-notify', outcome: 'silent', twins: ['no-notify-twin'] },
    { exercise: 'ex03', name: 'no-notify-twin', outcome: 'silent', twins: ['no-notify'] },
    {
      exercise: 'ex03',
      name: 'lost-update',
      outcome: 'right',
      claimed: 'lost-update-again',
      score: 1,
    },
    {
      exercise: 'ex03',
      name: 'lost-update-again',
      outcome: 'right',
      claimed: 'lost-update',
      score: 1,
    },
  ]);
  expect(twinsOf(book[0], book)).toEqual(['no-notify-twin']);
  // Without its twin, a variant that fails like no other is left unnamed.
  expect(leaveOneOut('ex03', book.slice(0, 3), [observe('lost-update', loner)])).toEqual([
    { exercise: 'ex03', name: 'lost-update', outcome: 'silent' },
  ]);
  // A near twin (one more failing test) is no twin: it stays in, and the measure sees its claim.
  const near = buildSignature({ name: 'near', mistake: 'notifies too late' }, [
    failing([{ name: 'wakes', message: 'no waiter was woken' }, { name: 'late' }]),
  ]);
  expect(twinsOf(book[0], [book[0], near])).toEqual([]);
});

test('twins are told by what they show as compared: an own error by its kind', () => {
  const at = { file: 'ex03-race-and-lock/mutex.ts', line: 9, column: 3 };
  const refuses = (words: string) => failing([{ name: 'relock', message: words, location: at }]);
  const signature = (name: string, words: string) =>
    buildSignature({ name, mistake: `refuses: ${name}` }, [refuses(words)], writtenIn([words]));
  const plain = signature('plain', 'unlock() called on a mutex that is not locked');
  const owner = signature('owner', 'unlock() called by a thread that does not hold the lock');
  expect(twinsOf(plain, [plain, owner])).toEqual(['owner']);
  // Words that are not the variant's own are observations: those two are told apart.
  const asWritten = (name: string, words: string) =>
    buildSignature({ name, mistake: `refuses: ${name}` }, [refuses(words)]);
  expect(
    twinsOf(asWritten('plain', 'unlock() called on a mutex that is not locked'), [
      asWritten('owner', 'unlock() called by a thread that does not hold the lock'),
    ]),
  ).toEqual([]);
});

test('the book keeps what a variant showed in at least half of its runs', () => {
  const flaky = buildSignature({ name: 'race', mistake: 'races' }, [
    loner,
    loner,
    failing([{ name: 'counts', message: 'counted 8 of 10' }]),
  ]);
  const [observation] = observationsFromBook([flaky]);
  expect(observation.features).toContain('value|counts|counted 9 of 10');
  expect(observation.features).not.toContain('value|counts|counted 8 of 10');
});

test('held out: a claim is right or wrong as judged by reading the code, else unjudged', () => {
  const held = [
    observe('spins', wakes),
    observe('double-add', loner),
    observe('new-bug', failing([{ name: 'other', message: 'something else' }])),
  ];
  const full = book.filter((signature) => signature.variant !== 'no-notify-twin');
  const rows = scoreHeldOut('ex03', full, held, { 'spins|no-notify': 'wrong' });
  expect(rows.map((row) => [row.name, row.outcome, row.claimed])).toEqual([
    ['spins', 'wrong', 'no-notify'],
    ['double-add', 'unjudged', 'lost-update'],
    ['new-bug', 'silent', undefined],
  ]);
});

test('held out: a claim of twins is judged as one claim, naming both', () => {
  const rows = scoreHeldOut('ex03', book, [observe('spins', wakes)], {
    'spins|no-notify+no-notify-twin': 'right',
  });
  expect(rows).toEqual([
    {
      exercise: 'ex03',
      name: 'spins',
      outcome: 'right',
      claimed: 'no-notify+no-notify-twin',
      score: 1,
    },
  ]);
});

test('the table counts per exercise and in all, with precision over the claims', () => {
  const rows: Scored[] = [
    ...leaveOneOut('ex03', book, observationsFromBook(book)).filter((row) => !row.twins),
    { exercise: 'ex03', name: 'spins', outcome: 'wrong', claimed: 'no-notify' },
    { exercise: 'ex03', name: 'spins-twice', outcome: 'wrong', claimed: 'no-notify' },
    { exercise: 'ex04', name: 'x', outcome: 'silent' },
  ];
  expect(
    tally(rows).map((entry) => [entry.exercise, entry.right, entry.silent, entry.wrong]),
  ).toEqual([
    ['ex03', 2, 0, 2],
    ['ex04', 0, 1, 0],
    ['all', 2, 1, 2],
  ]);
  expect(renderTally(tally(rows))).toBe(
    [
      '| exercise | cases | recognised right | said nothing | claimed wrongly | precision | recall |',
      '|---|--:|--:|--:|--:|--:|--:|',
      '| ex03 | 4 | 2 | 0 | 2 | 50% | 50% |',
      '| ex04 | 1 | 0 | 1 | 0 | n/a | 0% |',
      '| all | 5 | 2 | 1 | 2 | 50% | 40% |',
      '',
    ].join('\n'),
  );
});
