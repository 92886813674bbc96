/** One CSV line: RFC 4180 quoting, CRLF, and text that cannot run as a spreadsheet formula. */
export function csvLine(cells: (string | number | undefined)[]): string {
  return cells
    .map((value) => (typeof value === 'number' ? String(value) : textCell(value ?? '')))
    .join(',');
}

export const csvDocument = (lines: string[]) => lines.map((line) => `${line}\r\n`).join('');

/**
 * A spreadsheet runs a cell starting with = + - @ (or a tab or carriage return, which some strip
 * first) as a formula: `=HYPERLINK(...)` in a name chosen by a student would. Such text gets a
 * leading apostrophe, which spreadsheets hide and LMS imports keep as text. Numbers are written
 * as numbers, never through here.
 */
function textCell(text: string): string {
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
