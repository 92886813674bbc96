// The report page's style and script, inlined so the page works from file:// with no network.
// The page's Content-Security-Policy allows exactly these two (by hash) and nothing else: no
// request can leave the page, and markup that slipped through escaping could not run.

/** Light by default, dark when the system asks for it, and plain black on white on paper. */
export const CLASS_REPORT_CSS = `
:root {
  color-scheme: light dark;
  --bg: #ffffff; --fg: #1b1f24; --muted: #57606a; --line: #d0d7de; --panel: #f6f8fa;
  --bar: #3b6fd4; --good: #1a7f37; --bad: #c0362c; --warn: #9a6700; --link: #0a58ca;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #0f1318; --fg: #e6edf3; --muted: #9da7b3; --line: #30363d; --panel: #161b22;
    --bar: #6ea8fe; --good: #56d364; --bad: #ff7b72; --warn: #e3b341; --link: #79c0ff;
  }
}
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 70rem; padding: 1.5rem; background: var(--bg); color: var(--fg);
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
h2 { font-size: 1.2rem; margin: 2rem 0 .5rem; border-bottom: 1px solid var(--line); padding-bottom: .25rem; }
p.lead, .muted { color: var(--muted); }
a { color: var(--link); }
.facts { display: flex; flex-wrap: wrap; gap: .75rem; margin: 1rem 0; padding: 0; list-style: none; }
.facts li { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: .4rem .8rem; }
.facts b { font-size: 1.15rem; }
svg text { fill: var(--fg); font-size: 11px; }
svg .tick, svg .axis { fill: var(--muted); }
svg .grid { stroke: var(--line); stroke-width: 1; }
svg .bar { fill: var(--bar); }
svg.histogram { width: 100%; max-width: 44rem; height: auto; display: block; }
svg.meter { vertical-align: middle; margin-right: .4rem; }
svg.meter .track { fill: var(--panel); stroke: var(--line); stroke-width: 1; }
svg.meter.score .fill { fill: var(--bar); }
svg.meter.pass .fill { fill: var(--good); }
svg.meter.fail .fill { fill: var(--bad); }
table { border-collapse: collapse; width: 100%; margin: .5rem 0; }
th, td { text-align: left; padding: .3rem .6rem; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: var(--panel); font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.high td { background: color-mix(in srgb, var(--bad) 10%, transparent); }
.pct { font-weight: 600; }
tr.high .pct { color: var(--bad); }
.hint { color: var(--muted); font-size: .92em; }
.tag { display: inline-block; font-size: .78em; padding: 0 .4em; border-radius: 4px; border: 1px solid var(--line); color: var(--muted); }
.s-pass { color: var(--good); } .s-fail { color: var(--bad); } .s-error { color: var(--warn); } .s-not_submitted, .s-missing, .s-unchanged { color: var(--muted); }
.trouble { color: var(--warn); }
th button { all: inherit; cursor: pointer; padding: 0; border: 0; background: none; }
th button::after { content: " \\2195"; color: var(--muted); }
th[aria-sort="ascending"] button::after { content: " \\2191"; color: var(--fg); }
th[aria-sort="descending"] button::after { content: " \\2193"; color: var(--fg); }
.controls { display: flex; gap: 1rem; align-items: center; margin: .5rem 0; }
input[type="search"] { font: inherit; padding: .3rem .5rem; min-width: 16rem; color: var(--fg);
  background: var(--bg); border: 1px solid var(--line); border-radius: 6px; }
@media print {
  :root { color-scheme: light; --bg: #fff; --fg: #000; --muted: #444; --line: #bbb; --panel: #f2f2f2;
    --bar: #555; --good: #000; --bad: #000; --warn: #000; --link: #000; }
  body { max-width: none; padding: 0; font-size: 11px; }
  .controls, th button::after { display: none; }
  a { text-decoration: none; }
  tr, svg { break-inside: avoid; }
  h2 { break-after: avoid; }
  tr[hidden] { display: table-row; }
}
`;

/** Sorting (click a column heading; again to reverse) and filtering by name for the student table. */
export const CLASS_REPORT_SCRIPT = `
(() => {
  const table = document.getElementById('students');
  const body = table.tBodies[0];
  const rows = Array.from(body.rows);
  const filter = document.getElementById('filter');
  const shown = document.getElementById('shown');
  const collator = new Intl.Collator(undefined, { numeric: true });
  const value = (row, column) => {
    const cell = row.cells[column];
    return cell.dataset.type === 'number' ? Number(cell.dataset.value) : cell.dataset.value;
  };
  let sorted = { column: -1, descending: false };
  for (const button of table.querySelectorAll('thead button')) {
    button.addEventListener('click', () => {
      const heading = button.closest('th');
      const column = heading.cellIndex;
      // Numbers start highest first (who did best), names A to Z; a second click reverses.
      const descending =
        sorted.column === column ? !sorted.descending : button.dataset.type === 'number';
      sorted = { column, descending };
      rows.sort((a, b) => {
        const x = value(a, column);
        const y = value(b, column);
        const order = typeof x === 'number' ? x - y : collator.compare(x, y);
        return (descending ? -order : order) || collator.compare(a.dataset.name, b.dataset.name);
      });
      body.append(...rows);
      for (const each of table.tHead.rows[0].cells) each.removeAttribute('aria-sort');
      heading.setAttribute('aria-sort', descending ? 'descending' : 'ascending');
    });
  }
  filter.hidden = false;
  filter.addEventListener('input', () => {
    const wanted = filter.value.trim().toLowerCase();
    let count = 0;
    for (const row of rows) {
      row.hidden = !row.dataset.name.includes(wanted);
      if (!row.hidden) count++;
    }
    shown.textContent = count + ' of ' + rows.length + ' students shown';
  });
})();
`;
