// What commands print on standard output: JSON for scripts (--json), aligned tables and
// "key: value" lines for people.
export const printJson = (value: unknown) => process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);

const cell = (value: unknown): string => {
  if (value === null || value === undefined || value === '') return '-';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (Array.isArray(value)) return value.map(cell).join(', ') || '-';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value).replace(/\s+/g, ' ');
};

/** Columns: [field, header]. An empty list prints `empty`. */
export function printTable(rows: Array<Record<string, unknown>>, columns: Array<[string, string]>, empty: string): void {
  if (rows.length === 0) {
    process.stdout.write(`${empty}\n`);
    return;
  }
  const table = [columns.map(([, header]) => header), ...rows.map((row) => columns.map(([field]) => cell(row[field])))];
  const widths = columns.map((_, index) => Math.max(...table.map((line) => line[index]!.length)));
  process.stdout.write(
    table
      .map((line) =>
        line
          .map((text, index) => text.padEnd(widths[index]!))
          .join('  ')
          .trimEnd(),
      )
      .join('\n') + '\n',
  );
}

/** One "label: value" line per field; multi-line values are indented under their label. */
export function printFields(fields: Array<[string, unknown]>): void {
  const width = Math.max(...fields.map(([label]) => label.length)) + 1;
  for (const [label, value] of fields) {
    const text = typeof value === 'string' && value.includes('\n') ? `\n    ${value.split('\n').join('\n    ')}` : cell(value);
    process.stdout.write(`${`${label}:`.padEnd(width)} ${text}\n`);
  }
}
