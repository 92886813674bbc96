import type { HistogramBin } from './class-report-stats';
import { escapeHtml } from './class-report-escape';

// Hand-written SVG: a few rectangles and labels need no charting library, render the same in
// every browser and on paper, and take their colours from the page's CSS (light, dark, print).

const PLOT = { width: 640, height: 200, left: 36, bottom: 36, top: 12, right: 8 };

/** Number formatting for labels: whole numbers as they are, others to two decimals. */
export const num = (value: number) => String(Math.round(value * 100) / 100);

/**
 * A bar per bin, its height proportional to the count (data-count and data-lo/data-hi say what it
 * stands for, and a <title> shows it on hover), with the count above it and the range below.
 */
export function histogramSvg(bins: HistogramBin[], unitWidth: boolean): string {
  const inner = {
    width: PLOT.width - PLOT.left - PLOT.right,
    height: PLOT.height - PLOT.top - PLOT.bottom,
  };
  const most = Math.max(1, ...bins.map((bin) => bin.count));
  const slot = inner.width / bins.length;
  const gap = Math.min(4, slot * 0.15);
  const baseline = PLOT.top + inner.height;
  const parts: string[] = [];
  for (const tick of [0, most]) {
    const y = baseline - (tick / most) * inner.height;
    parts.push(
      `<line class="grid" x1="${PLOT.left}" x2="${PLOT.width - PLOT.right}" y1="${y}" y2="${y}"/>`,
      `<text class="tick" x="${PLOT.left - 6}" y="${y + 4}" text-anchor="end">${tick}</text>`,
    );
  }
  bins.forEach((bin, index) => {
    const height = (bin.count / most) * inner.height;
    const x = PLOT.left + index * slot + gap / 2;
    const range = unitWidth ? num(bin.lo) : `${num(bin.lo)}–${num(bin.hi)}`;
    const label = `${range} points: ${bin.count} student${bin.count === 1 ? '' : 's'}`;
    parts.push(
      `<rect class="bar" x="${round(x)}" y="${round(baseline - height)}" width="${round(slot - gap)}" height="${round(height)}" data-lo="${bin.lo}" data-hi="${bin.hi}" data-count="${bin.count}"><title>${escapeHtml(label)}</title></rect>`,
    );
    if (bin.count > 0)
      parts.push(
        `<text class="count" x="${round(x + (slot - gap) / 2)}" y="${round(baseline - height - 3)}" text-anchor="middle">${bin.count}</text>`,
      );
    parts.push(
      `<text class="tick" x="${round(x + (slot - gap) / 2)}" y="${baseline + 14}" text-anchor="middle">${escapeHtml(range)}</text>`,
    );
  });
  parts.push(
    `<text class="axis" x="${PLOT.left + inner.width / 2}" y="${PLOT.height - 4}" text-anchor="middle">total points</text>`,
  );
  return `<svg class="histogram" viewBox="0 0 ${PLOT.width} ${PLOT.height}" role="img" aria-labelledby="histogram-title"><title id="histogram-title">Students by total points</title>${parts.join('')}</svg>`;
}

/** A horizontal bar filled to `fraction` (0..1), for rates in tables. */
export function meterSvg(fraction: number, kind: string): string {
  const width = 120;
  const filled = round(Math.max(0, Math.min(1, fraction)) * width);
  return `<svg class="meter ${kind}" viewBox="0 0 ${width} 10" width="${width}" height="10" aria-hidden="true"><rect class="track" width="${width}" height="10" rx="2"/><rect class="fill" width="${filled}" height="10" rx="2"/></svg>`;
}

const round = (value: number) => Math.round(value * 100) / 100;
