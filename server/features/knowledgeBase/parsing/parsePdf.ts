// PDF text through unpdf (PDF.js without a worker or canvas). Each page's text becomes paragraphs
// tagged with the page number. A PDF with no text layer (a scan) is refused with a clear reason:
// there is nothing to embed, and OCR is not done here.
import { extractText, getDocumentProxy, getMeta } from 'unpdf';
import { invalidDocument } from './invalidDocument.js';
import { parseMarkdown } from './parseMarkdown.js';
import { tidy, type Block, type ParsedDocument } from './parsedDocument.js';

export async function parsePdf(bytes: Uint8Array, fileName: string): Promise<ParsedDocument> {
  let pdf: Awaited<ReturnType<typeof getDocumentProxy>>;
  try {
    // PDF.js takes ownership of (detaches) the buffer it is given: hand it a copy.
    pdf = await getDocumentProxy(new Uint8Array(bytes));
  } catch (error) {
    if ((error as Error).name === 'PasswordException') throw invalidDocument(fileName, 'the PDF is password-protected; upload an unprotected copy');
    throw invalidDocument(fileName, `not a readable PDF (${(error as Error).message})`);
  }
  let pages: string[];
  let title: string | null;
  try {
    pages = (await extractText(pdf, { mergePages: false })).text;
    const meta = await getMeta(pdf).catch(() => null);
    const infoTitle = (meta?.info as { Title?: unknown } | undefined)?.Title;
    title = typeof infoTitle === 'string' && infoTitle.trim() ? infoTitle.trim() : null;
  } catch (error) {
    throw invalidDocument(fileName, `the PDF's text could not be read (${(error as Error).message})`);
  } finally {
    await pdf.cleanup().catch(() => undefined);
  }
  const blocks: Block[] = [];
  pages.forEach((pageText, index) => {
    for (const block of parseMarkdown(pageText, { headings: false }).blocks) {
      if (block.kind === 'paragraph') blocks.push({ ...block, text: tidy(block.text), page: index + 1 });
    }
  });
  if (blocks.length === 0) {
    throw invalidDocument(
      fileName,
      `the PDF has no text layer (${pages.length} page${pages.length === 1 ? '' : 's'}, probably scanned images); export it with text or run OCR first`,
    );
  }
  return { title, blocks };
}
