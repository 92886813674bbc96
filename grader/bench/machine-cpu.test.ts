import { busyCpuMs, machineBusyCpuMs } from './machine-cpu';

describe('busyCpuMs', () => {
  test('sums every busy state of the all-cores line, leaving out idle and iowait', () => {
    const stat = [
      'cpu  100 20 30 5000 400 6 7 8 0 0',
      'cpu0 50 10 15 2500 200 3 3 4 0 0',
      'intr 12345',
    ].join('\n');
    // (100 + 20 + 30 + 6 + 7 + 8) ticks of 10 ms.
    expect(busyCpuMs(stat)).toBe(1710);
  });
  test('an old kernel without the steal column still reads', () => {
    expect(busyCpuMs('cpu  1 2 3 4 5 6 7\n')).toBe(190);
  });
  test('a file without the all-cores line is an error, not zero', () => {
    expect(() => busyCpuMs('cpu0 1 2 3 4 5 6 7 8\n')).toThrow('no "cpu " line');
    expect(() => busyCpuMs('cpu  1 2 x 4 5 6 7 8\n')).toThrow('not a /proc/stat cpu line');
  });
  test("this machine's count grows while a core is kept busy", () => {
    const before = machineBusyCpuMs();
    const until = Date.now() + 200;
    while (Date.now() < until);
    // At least most of the 200 ms spun here; ticks are 10 ms, so allow their rounding.
    expect(machineBusyCpuMs() - before).toBeGreaterThanOrEqual(150);
  });
});
