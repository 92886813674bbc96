// A fake clock for case generators, at authoring time: the library jest's fake timers are built on
// (@sinonjs/fake-timers, which jest brings), so an outcome computed here is what a hidden test on
// jest's fake clock sees. Installed only while one case is played, then taken away again.

interface SinonClock {
  tickAsync(ms: number): Promise<number>;
  countTimers(): number;
  uninstall(): void;
}
interface SinonFakeTimers {
  install(config: {
    now: number;
    toFake: string[];
    loopLimit: number;
    shouldClearNativeTimers: boolean;
  }): SinonClock;
  withGlobal(global: object): { timers: Record<string, unknown> };
}

export interface CaseClock {
  advance(ms: number): Promise<void>;
  timers(): number;
}

/** Runs `play` with every timer API faked, as jest.useFakeTimers() fakes them, starting at 0. */
export async function withFakeClock<T>(play: (clock: CaseClock) => Promise<T>): Promise<T> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const timers = require('@sinonjs/fake-timers') as SinonFakeTimers;
  // The same settings as jest's modern fake timers (@jest/fake-timers, _toSinonFakeTimersConfig).
  const clock = timers.install({
    now: 0,
    toFake: Object.keys(timers.withGlobal(globalThis).timers),
    loopLimit: 100_000,
    shouldClearNativeTimers: true,
  });
  try {
    return await play({
      advance: async (ms) => void (await clock.tickAsync(ms)),
      timers: () => clock.countTimers(),
    });
  } finally {
    clock.uninstall();
  }
}
