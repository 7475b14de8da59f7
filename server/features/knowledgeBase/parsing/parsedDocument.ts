// What every parser produces: the document as headings and paragraphs in reading order, so one
// chunker serves every format. `page` (PDF) and `rows` (CSV) say where a block came from, which
// the chunks keep in their metadata so an answer can cite its source.
export type Block =
  { kind: 'heading'; level: number; text: string; page?: number } | { kind: 'paragraph'; text: string; page?: number; rows?: [number, number] };

export type ParsedDocument = {
  /** The document's own title when it has one (PDF info, HTML <title>, first H1). */
  title: string | null;
  blocks: Block[];
};

export const DOCUMENT_FORMATS = ['text', 'markdown', 'pdf', 'docx', 'html', 'csv'] as const;
export type DocumentFormat = (typeof DOCUMENT_FORMATS)[number];

/** Whitespace runs collapsed, ends trimmed: what every parser does to a block's text. */
export const tidy = (text: string) =>
  text
    .replace(/[ \t\f\v\u00a0]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .trim();
