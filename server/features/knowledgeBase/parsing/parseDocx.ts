// DOCX through mammoth, which maps Word's heading styles to h1–h6; the HTML parser does the rest.
// The package is checked for a compression bomb first (checkZipBomb), before mammoth inflates it.
import mammoth from 'mammoth';
import { checkZipBomb } from './checkZipBomb.js';
import { invalidDocument } from './invalidDocument.js';
import { parseHtml } from './parseHtml.js';
import type { ParsedDocument } from './parsedDocument.js';

export async function parseDocx(bytes: Uint8Array, fileName: string): Promise<ParsedDocument> {
  checkZipBomb(bytes, fileName);
  let html: string;
  try {
    html = (await mammoth.convertToHtml({ buffer: Buffer.from(bytes) })).value;
  } catch (error) {
    throw invalidDocument(fileName, `not a readable DOCX file (${(error as Error).message.split('.')[0]})`);
  }
  return parseHtml(html);
}
