/**
 * CSV output for run folders, quoted as RFC 4180 says: a field containing a comma, a double quote,
 * CR or LF is wrapped in double quotes with inner quotes doubled; other fields are written as is.
 * Numbers and booleans are written with `String(v)` (so NaN and Infinity stay readable), null and
 * undefined as an empty field. Records end with "\n" (RFC 4180 names CRLF; every reader we use
 * takes LF, and LF keeps the files diff-friendly), the last one included.
 *
 * @example
 * toCsv([{ agent: 'LRU, k=4', ratio: 1.5 }], ['agent', 'ratio']); // 'agent,ratio\n"LRU, k=4",1.5\n'
 */

/** One CSV cell value. */
export type CsvValue = string | number | boolean | null | undefined;

/** One field, quoted when it must be. */
export function csvField(value: CsvValue): string {
  const s = value === null || value === undefined ? '' : String(value);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** A header line of `columns`, then one line per row with the row's values in that order. */
export function toCsv(rows: readonly Readonly<Record<string, CsvValue>>[], columns: readonly string[]): string {
  const lines = [columns.map(csvField).join(',')];
  for (const row of rows) lines.push(columns.map((c) => csvField(row[c])).join(','));
  return `${lines.join('\n')}\n`;
}
