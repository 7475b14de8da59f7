// Reading an import's CSV: separator detected (comma, semicolon as Brazilian spreadsheets write
// it, or tab), a BOM dropped, the first row is the header. Mapping targets: `name`, `phone`,
// `attr:<key>`, `ignore`; the preview suggests one per header.
import { parse } from 'csv-parse/sync';
import { badRequest } from './contactErrors.js';

export const MAX_IMPORT_ROWS = 200_000;
export type ImportTarget = 'name' | 'phone' | 'ignore' | `attr:${string}`;

export function detectDelimiter(text: string): string {
  const firstLine = text.slice(0, text.indexOf('\n') === -1 ? text.length : text.indexOf('\n'));
  const counts = [',', ';', '\t'].map((delimiter) => ({ delimiter, n: firstLine.split(delimiter).length }));
  return counts.sort((a, b) => b.n - a.n)[0]!.delimiter;
}

export function readCsv(text: string, options: { toLine?: number } = {}): { headers: string[]; rows: string[][] } {
  const body = text.replace(/^\uFEFF/, '');
  if (body.trim() === '') throw badRequest('the file is empty');
  let records: string[][];
  try {
    records = parse(body, {
      delimiter: detectDelimiter(body),
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
      ...(options.toLine ? { to_line: options.toLine } : {}),
    }) as string[][];
  } catch (error) {
    throw badRequest(`the file is not a readable CSV: ${(error as Error).message}`);
  }
  const [headers, ...rows] = records;
  if (!headers || headers.length === 0) throw badRequest('the file has no header row');
  if (rows.length > MAX_IMPORT_ROWS) throw badRequest(`the file has ${rows.length} rows: at most ${MAX_IMPORT_ROWS} per import`);
  return { headers, rows };
}

const NAME_HEADERS = /^(nome|name|cliente|contato|contact|full ?name|nome completo)$/i;
const PHONE_HEADERS = /^(telefone|phone|celular|whatsapp|fone|n[uú]mero|number|mobile|tel)$/i;

export function suggestMapping(headers: string[], attributeKeys: string[]): Record<string, ImportTarget> {
  const used = new Set<string>();
  const pick = (target: ImportTarget) => {
    if (used.has(target)) return 'ignore';
    used.add(target);
    return target;
  };
  return Object.fromEntries(
    headers.map((header) => {
      const normal = header
        .trim()
        .toLowerCase()
        .normalize('NFD')
        .replace(/[\u0300-\u036f]/g, '')
        .replace(/[^a-z0-9]+/g, '_')
        .replace(/^_|_$/g, '');
      if (NAME_HEADERS.test(header.trim())) return [header, pick('name')];
      if (PHONE_HEADERS.test(header.trim())) return [header, pick('phone')];
      if (attributeKeys.includes(normal)) return [header, pick(`attr:${normal}`)];
      return [header, 'ignore' as const];
    }),
  );
}
