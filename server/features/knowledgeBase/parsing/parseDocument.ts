// Reads an uploaded file into headings and paragraphs, choosing the parser from the file's content
// first (a PDF renamed .txt is still a PDF) and its extension second.
import { decodeText } from './decodeText.js';
import { invalidDocument } from './invalidDocument.js';
import { parseCsv } from './parseCsv.js';
import { parseDocx } from './parseDocx.js';
import { parseHtml } from './parseHtml.js';
import { parseMarkdown } from './parseMarkdown.js';
import { parsePdf } from './parsePdf.js';
import type { DocumentFormat, ParsedDocument } from './parsedDocument.js';

const BY_EXTENSION: Record<string, DocumentFormat> = {
  txt: 'text',
  text: 'text',
  log: 'text',
  md: 'markdown',
  markdown: 'markdown',
  mdown: 'markdown',
  pdf: 'pdf',
  docx: 'docx',
  html: 'html',
  htm: 'html',
  xhtml: 'html',
  csv: 'csv',
  tsv: 'csv',
};

export function detectFormat(fileName: string, bytes: Uint8Array): DocumentFormat {
  const head = Buffer.from(bytes.subarray(0, 1024)).toString('latin1');
  if (head.startsWith('%PDF-')) return 'pdf';
  const extension = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase() ?? '';
  if (head.startsWith('PK\u0003\u0004')) {
    if (extension === 'docx' || extension === '') return 'docx';
    throw invalidDocument(fileName, `${extension.toUpperCase()} files are not supported (use PDF, DOCX, HTML, CSV, Markdown or plain text)`);
  }
  if (extension === 'doc') throw invalidDocument(fileName, 'old Word (.doc) files are not supported: save it as .docx');
  const known = BY_EXTENSION[extension];
  if (known) return known;
  if (/^\s*(<!doctype html|<html)/i.test(head.replace(/^\uFEFF|^\u00ef\u00bb\u00bf/, ''))) return 'html';
  if (extension && /^(png|jpe?g|gif|webp|zip|xlsx|pptx|mp3|mp4|ogg|exe)$/.test(extension)) {
    throw invalidDocument(fileName, `.${extension} files are not supported (use PDF, DOCX, HTML, CSV, Markdown or plain text)`);
  }
  return 'text';
}

export async function parseDocument(fileName: string, bytes: Uint8Array): Promise<{ format: DocumentFormat; document: ParsedDocument }> {
  if (bytes.length === 0) throw invalidDocument(fileName, 'the file is empty');
  const format = detectFormat(fileName, bytes);
  const document = await parseAs(format, fileName, bytes);
  if (!document.blocks.some((block) => block.kind === 'paragraph')) {
    throw invalidDocument(fileName, 'the file has no text to learn from');
  }
  return { format, document };
}

function parseAs(format: DocumentFormat, fileName: string, bytes: Uint8Array): ParsedDocument | Promise<ParsedDocument> {
  switch (format) {
    case 'pdf':
      return parsePdf(bytes, fileName);
    case 'docx':
      return parseDocx(bytes, fileName);
    case 'html':
      return parseHtml(decodeText(bytes, fileName));
    case 'csv':
      return parseCsv(decodeText(bytes, fileName), fileName);
    case 'markdown':
      return parseMarkdown(decodeText(bytes, fileName));
    case 'text':
      return parseMarkdown(decodeText(bytes, fileName), { headings: false });
  }
}
