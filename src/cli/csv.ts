import { FormatError } from '../errors.js';

/** A CSV file as read: the header row's names and the cells of every other row, as text. */
export interface CsvTable {
  columns: string[];
  rows: string[][];
}

/**
 * RFC 4180 CSV: comma-separated, fields in double quotes may hold commas, newlines and doubled
 * quotes; CRLF or LF line ends; blank lines are skipped. The first row is the header.
 */
export function parseCsv(text: string, file: string): CsvTable {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  const endRecord = (): void => {
    record.push(field);
    if (!(record.length === 1 && record[0]!.trim() === '')) records.push(record);
    record = [];
    field = '';
  };
  while (i < text.length) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === '') {
      quoted = true;
    } else if (ch === ',') {
      record.push(field);
      field = '';
    } else if (ch === '\n') {
      endRecord();
    } else if (ch !== '\r') {
      field += ch;
    }
    i++;
  }
  if (quoted) throw new FormatError(`${file}: a quoted field is not closed before the end of the file`);
  if (field !== '' || record.length > 0) endRecord();
  const [header, ...rows] = records;
  if (!header) throw new FormatError(`${file}: expected a header row, the file is empty`);
  rows.forEach((row, r) => {
    if (row.length !== header.length) throw new FormatError(`${file}: expected ${header.length} fields on line ${r + 2} (as in the header), received ${row.length}`);
  });
  return { columns: header.map((name) => name.trim()), rows };
}

/** A column of numbers; a cell that is not one is a FormatError naming its line and column. */
export function numericColumn(table: CsvTable, column: number, file: string): Float64Array {
  return Float64Array.from(table.rows, (row, r) => {
    const cell = row[column]!;
    const value = Number(cell);
    if (cell.trim() === '' || !Number.isFinite(value)) {
      throw new FormatError(`${file}: expected a number in column ${JSON.stringify(table.columns[column])} on line ${r + 2}, received ${JSON.stringify(cell)}`);
    }
    return value;
  });
}

function quote(cell: string): string {
  return /[",\n\r]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell;
}

/** CSV text: the header, then one line per row. */
export function formatCsv(columns: readonly string[], rows: Iterable<readonly (string | number)[]>): string {
  const lines = [columns.map(quote).join(',')];
  for (const row of rows) lines.push(row.map((cell) => quote(String(cell))).join(','));
  return `${lines.join('\n')}\n`;
}
