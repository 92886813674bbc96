import { ceilingSpeedup, extrapolate, median, perMinute, ratio } from './stats';

describe('median', () => {
  test('is the middle of an odd count, whatever the order', () => {
    expect(median([900, 100, 300, 200, 5000])).toBe(300);
  });
  test('is the mean of the two middle values of an even count', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
  test('of one value is that value, and of none is an error', () => {
    expect(median([7])).toBe(7);
    expect(() => median([])).toThrow('median of no values');
  });
  test('leaves its input as it was', () => {
    const values = [3, 1, 2];
    median(values);
    expect(values).toEqual([3, 1, 2]);
  });
});

describe('ratio and perMinute', () => {
  test('ratio is the value over its floor, undefined over a zero floor', () => {
    expect(ratio(1900, 280)).toBeCloseTo(6.786, 3);
    expect(ratio(5, 0)).toBeUndefined();
  });
  test('perMinute scales a count over its time to one minute', () => {
    expect(perMinute(30, 90_000)).toBe(20);
    expect(() => perMinute(3, 0)).toThrow('a run of 3 took 0 ms');
  });
  test('the ceiling is the baseline over one load limit, with any hang in the class', () => {
    expect(ceilingSpeedup(88_500, 3, 20_000)).toBeCloseTo(4.425, 3);
    expect(ceilingSpeedup(88_500, 1, 20_000)).toBeCloseTo(4.425, 3);
    expect(ceilingSpeedup(88_500, 0, 20_000)).toBeUndefined();
  });
});

describe('extrapolate', () => {
  test('weighs each kind sample by how many of that kind the class holds', () => {
    expect(extrapolate({ correct: 3000, hanging: 20_000 }, { correct: 18, hanging: 3 })).toBe(
      18 * 3000 + 3 * 20_000,
    );
  });
  test('kinds the class lacks need no sample; a kind it holds without a sample is an error', () => {
    expect(extrapolate({ correct: 1000 }, { correct: 2, wrong: 0 })).toBe(2000);
    expect(() => extrapolate({ correct: 1000 }, { correct: 2, wrong: 1 })).toThrow(
      'no sample of "wrong" submissions',
    );
  });
});
