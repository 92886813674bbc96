/**
 * A table for the terminal: each column as wide as its widest cell, columns two spaces apart, a
 * line of dashes under the header, no trailing spaces. One line per element, without newlines,
 * so that a caller can add a summary under it.
 */
export function textTable(header: string[], rows: string[][]): string[] {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((cells) => cells[column].length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column]))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)];
}
