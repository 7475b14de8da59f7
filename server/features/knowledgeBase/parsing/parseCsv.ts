// CSV read with csv-parse (RFC 4180: quoted fields, doubled quotes, newlines inside quotes; a
// stray quote inside an unquoted field is kept as text). The delimiter, comma, semicolon or tab, is
// the one found most often on the header line outside quotes. Each data row becomes a paragraph
// "column: value; column: value", so a chunk of rows still says what each value means. Row numbers
// (the header is row 1, blank rows are not counted) are kept for citing.
// Runs on the main thread (parseDocumentInWorker keeps CSV out of workers): one linear pass over
// at most MAX_UPLOAD_BYTES, with each row capped so a quote left open cannot swallow the file.
import { CsvError, parse } from 'csv-parse/sync';
import { invalidDocument } from './invalidDocument.js';
import { tidy, type Block, type ParsedDocument } from './parsedDocument.js';

export const MAX_CSV_ROW_BYTES = 1024 * 1024;
const DELIMITERS = [',', ';', '\t'] as const;

export function parseCsv(text: string, fileName: string): ParsedDocument {
  const rows = readRows(text, fileName).filter((row) => row.some((cell) => cell.trim() !== ''));
  if (rows.length === 0) return { title: null, blocks: [] };
  const header = rows[0]!.map((cell, index) => cellText(cell) || `column ${index + 1}`);
  const blocks: Block[] = [];
  if (rows.length === 1) {
    blocks.push({ kind: 'paragraph', text: header.join('; '), rows: [1, 1] });
  }
  rows.slice(1).forEach((row, index) => {
    const pairs = row.map((cell, column) => [header[column] ?? `column ${column + 1}`, cellText(cell)] as const).filter(([, value]) => value !== '');
    if (pairs.length > 0) blocks.push({ kind: 'paragraph', text: pairs.map(([name, value]) => `${name}: ${value}`).join('; '), rows: [index + 2, index + 2] });
  });
  return { title: null, blocks };
}

/** A cell as paragraph text; line breaks inside quotes, Windows' too, become plain newlines. */
const cellText = (cell: string) => tidy(cell.replace(/\r\n?/g, '\n'));

function readRows(text: string, fileName: string): string[][] {
  try {
    return parse(text, {
      delimiter: detectDelimiter(text),
      bom: true,
      record_delimiter: ['\r\n', '\n', '\r'], // files glued together from several systems mix them
      relax_quotes: true,
      relax_column_count: true, // a short or long row is still worth reading
      max_record_size: MAX_CSV_ROW_BYTES,
    }) as string[][];
  } catch (error) {
    if (error instanceof CsvError) throw invalidDocument(fileName, explain(error));
    throw error;
  }
}

function detectDelimiter(text: string): string {
  const firstLine = text.slice(0, text.search(/\r?\n|\r|$/));
  const counts = DELIMITERS.map((delimiter) => ({ delimiter, count: countOutsideQuotes(firstLine, delimiter) }));
  return counts.sort((a, b) => b.count - a.count)[0]!.delimiter;
}

function countOutsideQuotes(line: string, delimiter: string): number {
  let count = 0;
  let quoted = false;
  for (const char of line) {
    if (char === '"') quoted = !quoted;
    else if (char === delimiter && !quoted) count++;
  }
  return count;
}

/** The uploader's reason, in words: csv-parse's own messages name its options. */
function explain(error: CsvError): string {
  const line = (error as CsvError & { lines?: number }).lines;
  const at = line ? ` (line ${line})` : '';
  switch (error.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return `the CSV has a quoted field that is never closed${at}; check the quotes ("), or save it again from the spreadsheet`;
    case 'CSV_MAX_RECORD_SIZE':
      return `a CSV row is longer than ${MAX_CSV_ROW_BYTES / 1024 / 1024} MB${at}; a quote (") is probably left open`;
    default:
      return `the CSV could not be read${at}: ${error.message}`;
  }
}
