// DOCX through mammoth, which maps Word's heading styles to h1–h6; the HTML parser does the rest.
import mammoth from 'mammoth';
import { invalidDocument } from './invalidDocument.js';
import { parseHtml } from './parseHtml.js';
import type { ParsedDocument } from './parsedDocument.js';

export async function parseDocx(bytes: Uint8Array, fileName: string): Promise<ParsedDocument> {
  let html: string;
  try {
    html = (await mammoth.convertToHtml({ buffer: Buffer.from(bytes) })).value;
  } catch (error) {
    throw invalidDocument(fileName, `not a readable DOCX file (${(error as Error).message.split('.')[0]})`);
  }
  return parseHtml(html);
}
