import { showValue } from '@course/testkit/case-values';
import { isInstance } from '@course/testkit';

// A generated call of fetchAll, as data, and how to play it on a fake clock (sinon's at authoring
// time, jest's when graded). The k-th fetch started waits delaysMs[k] and fails when k is in
// failAt, whichever id it is for, so the outcome does not depend on which id a correct fetchAll
// chooses to start next: only on how many are in flight and when each finishes.

export interface FetchCase {
  ids: string[];
  /** The item of each id (undefined, 0, '' and null included). */
  items: Record<string, unknown>;
  delaysMs: number[];
  failAt: number[];
  limit: number;
}

export interface FetchOutcome {
  /** When each fetch started, in ms after the call, earliest first. */
  startedAt: number[];
  /** How many times each id was fetched. */
  fetches: Record<string, number>;
  maxInFlight: number;
  settled:
    | { at: number; resolved: unknown }
    | { at: number; rejected: unknown }
    | { threwAtCall: string }
    | 'never settled';
}

export interface CaseClock {
  advance(ms: number): Promise<void>;
}

type FetchAll = (
  ids: readonly string[],
  fetcher: (id: string) => Promise<unknown>,
  options: { limit: number },
) => unknown;

const itemData = (value: unknown) =>
  isInstance(value, Error)
    ? { error: value.message }
    : Array.isArray(value)
      ? Array.from(value)
      : value;

export async function playFetchCase(
  fetchCase: FetchCase,
  fetchAll: FetchAll,
  clock: CaseClock,
): Promise<FetchOutcome> {
  const base = Date.now();
  const now = () => Date.now() - base;
  const outcome: FetchOutcome = {
    startedAt: [],
    fetches: {},
    maxInFlight: 0,
    settled: 'never settled',
  };
  let inFlight = 0;
  const fetcher = async (id: string) => {
    const call = outcome.startedAt.length;
    outcome.startedAt.push(now());
    outcome.fetches[id] = (outcome.fetches[id] ?? 0) + 1;
    outcome.maxInFlight = Math.max(outcome.maxInFlight, ++inFlight);
    await new Promise((resolve) =>
      setTimeout(resolve, fetchCase.delaysMs[call % fetchCase.delaysMs.length] ?? 0),
    );
    inFlight--;
    if (fetchCase.failAt.includes(call)) throw new Error(`fetch number ${call + 1} failed`);
    return fetchCase.items[id];
  };
  try {
    Promise.resolve(fetchAll(fetchCase.ids, fetcher, { limit: fetchCase.limit })).then(
      (items) => (outcome.settled = { at: now(), resolved: itemData(items) }),
      (error) => (outcome.settled = { at: now(), rejected: itemData(error) }),
    );
  } catch (error) {
    outcome.settled = { threwAtCall: String(error) };
  }
  await clock.advance(
    fetchCase.delaysMs.reduce((sum, ms) => sum + ms, 0) * (fetchCase.ids.length + 1) + 1000,
  );
  outcome.startedAt.sort((a, b) => a - b);
  // After a failure the README says only which error fetchAll rejects with: whether fetches go on
  // starting (and how many were in flight at that instant) is the author's choice.
  if (typeof outcome.settled === 'object' && 'rejected' in outcome.settled)
    return { startedAt: [], fetches: {}, maxInFlight: 0, settled: outcome.settled };
  return outcome;
}

export function describeFetchCase(fetchCase: FetchCase): string {
  const ids = `[${fetchCase.ids.map((id) => showValue(id)).join(', ')}]`;
  const items = fetchCase.ids.length
    ? ` (items: ${[...new Set(fetchCase.ids)].map((id) => `${showValue(id)} -> ${showValue(fetchCase.items[id])}`).join(', ')})`
    : '';
  const failing = fetchCase.failAt.length
    ? `, where fetch number ${fetchCase.failAt.map((k) => k + 1).join(' and ')} to start fails`
    : '';
  return `fetchAll(${ids}, fetcher, { limit: ${fetchCase.limit} })${items}; the fetches started take ${fetchCase.delaysMs.join(', ')} ms in turn${failing}`;
}
