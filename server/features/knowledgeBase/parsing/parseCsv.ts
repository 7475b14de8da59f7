// CSV (RFC 4180: quoted fields, doubled quotes, newlines inside quotes; comma, semicolon or tab as
// found on the header line). Each data row becomes a paragraph "column: value; column: value", so
// a chunk of rows still says what each value means. Row numbers are kept for citing.
import { tidy, type Block, type ParsedDocument } from './parsedDocument.js';

export function parseCsv(text: string): ParsedDocument {
  const source = text.replace(/^\uFEFF/, '');
  const firstLine = source.slice(0, source.search(/\r?\n|$/));
  const delimiter = [',', ';', '\t'].map((d) => ({ d, n: countOutsideQuotes(firstLine, d) })).sort((a, b) => b.n - a.n)[0]!.d;
  const rows = readRows(source, delimiter).filter((row) => row.some((cell) => cell.trim() !== ''));
  if (rows.length === 0) return { title: null, blocks: [] };
  const header = rows[0]!.map((cell, index) => tidy(cell) || `column ${index + 1}`);
  const blocks: Block[] = [];
  if (rows.length === 1) {
    blocks.push({ kind: 'paragraph', text: header.join('; '), rows: [1, 1] });
  }
  rows.slice(1).forEach((row, index) => {
    const pairs = row.map((cell, column) => [header[column] ?? `column ${column + 1}`, tidy(cell)] as const).filter(([, value]) => value !== '');
    if (pairs.length > 0) blocks.push({ kind: 'paragraph', text: pairs.map(([name, value]) => `${name}: ${value}`).join('; '), rows: [index + 2, index + 2] });
  });
  return { title: null, blocks };
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

function readRows(text: string, delimiter: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"' && cell === '') quoted = true;
    else if (char === delimiter) {
      row.push(cell);
      cell = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += char;
  }
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}
