import { escapeHtml, studentHref } from './class-report-escape';
import { histogram } from './class-report-stats';

// The page itself is tested in a browser (class-report.browser.test.ts) on a small graded class,
// whose maximum is 11: one bar per point. These cover the binning of larger maxima.

const counts = (totals: number[], max: number) =>
  histogram(totals, max).map(({ lo, hi, count }) => `${lo}-${hi}:${count}`);

test('up to 20 points every whole score has its own bar, fractions falling to the point below', () => {
  expect(counts([0, 3, 3.5, 11], 11)).toEqual([
    '0-1:1',
    '1-2:0',
    '2-3:0',
    '3-4:2',
    '4-5:0',
    '5-6:0',
    '6-7:0',
    '7-8:0',
    '8-9:0',
    '9-10:0',
    '10-11:0',
    '11-12:1',
  ]);
});

test('above 20 points about ten bars of a round width, the maximum in the last', () => {
  expect(counts([0, 9.99, 10, 55, 99.5, 100], 100)).toEqual([
    '0-10:2',
    '10-20:1',
    '20-30:0',
    '30-40:0',
    '40-50:0',
    '50-60:1',
    '60-70:0',
    '70-80:0',
    '80-90:0',
    '90-100:2',
  ]);
  const odd = histogram([37, 0, 18], 37);
  expect(odd.map(({ lo, hi }) => [lo, hi])).toEqual([
    [0, 5],
    [5, 10],
    [10, 15],
    [15, 20],
    [20, 25],
    [25, 30],
    [30, 35],
    [35, 37],
  ]);
  expect(odd.map((bin) => bin.count)).toEqual([1, 0, 0, 1, 0, 0, 0, 1]);
});

test('a class with no points to give still gets one bar holding everyone', () => {
  expect(counts([0, 0], 0)).toEqual(['0-1:2']);
});

test('names are escaped for text and attributes, and links encode them', () => {
  expect(escapeHtml(`<script>alert("1")</script> & 'x'`)).toBe(
    '&lt;script&gt;alert(&quot;1&quot;)&lt;/script&gt; &amp; &#39;x&#39;',
  );
  expect(studentHref('a b/#?%', 'feedback.md')).toBe('students/a%20b%2F%23%3F%25/feedback.md');
});
