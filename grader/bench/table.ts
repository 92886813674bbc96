/** A table as printed and as pasted into the README: a header and rows of cells. */
export interface Table {
  title: string;
  header: string[];
  rows: string[][];
  /** A line under the table: what the numbers mean, what was sampled. */
  note?: string;
}

/**
 * A Markdown table padded the way prettier pads one, so it reads well in a terminal and a pasted
 * copy in README.md stays `prettier --check` clean.
 */
export function renderTable(table: Table): string {
  for (const row of table.rows)
    if (row.length !== table.header.length)
      throw new Error(
        `${table.title}: a row has ${row.length} cells, the header ${table.header.length}`,
      );
  const widths = table.header.map((cell, column) =>
    Math.max(3, cell.length, ...table.rows.map((row) => row[column].length)),
  );
  const line = (cells: string[]) =>
    `| ${cells.map((cell, column) => cell.padEnd(widths[column])).join(' | ')} |`;
  const lines = [
    `**${table.title}**`,
    '',
    line(table.header),
    line(widths.map((width) => '-'.repeat(width))),
    ...table.rows.map(line),
  ];
  if (table.note) lines.push('', table.note);
  return lines.join('\n') + '\n';
}

/** Numbers in a cell: fixed decimals, or a dash for a value that could not be measured. */
export function cell(value: number | undefined, digits = 0, suffix = ''): string {
  return value === undefined || !Number.isFinite(value) ? '-' : `${value.toFixed(digits)}${suffix}`;
}
