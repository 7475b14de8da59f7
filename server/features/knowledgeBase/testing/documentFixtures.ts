// Real files of each format, built in the test (no binary fixtures in the repo): PDFs with and
// without a text layer (pdf-lib), a DOCX with Word heading styles (a minimal OOXML package).
import JSZip from 'jszip';
import { PDFDocument, StandardFonts } from 'pdf-lib';

export async function pdfWithText(pages: string[][]): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.setTitle('Fixture manual');
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (const lines of pages) {
    const page = doc.addPage();
    lines.forEach((line, index) => page.drawText(line, { x: 50, y: 750 - index * 18, font, size: 12 }));
  }
  return Buffer.from(await doc.save());
}

/** A "scanned" PDF: pages with a drawing and no text at all. */
export async function pdfWithoutText(pageCount = 2): Promise<Buffer> {
  const doc = await PDFDocument.create();
  for (let i = 0; i < pageCount; i++) doc.addPage().drawRectangle({ x: 40, y: 40, width: 200, height: 300 });
  return Buffer.from(await doc.save());
}

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Paragraphs; `{ heading: 1, text }` uses Word's Heading 1 style. */
export async function docx(paragraphs: Array<string | { heading: number; text: string }>): Promise<Buffer> {
  const zip = new JSZip();
  zip.file(
    '[Content_Types].xml',
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
      '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>' +
      '<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/></Types>',
  );
  zip.file(
    '_rels/.rels',
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
  );
  zip.file(
    'word/_rels/document.xml.rels',
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>',
  );
  zip.file(
    'word/styles.xml',
    `<?xml version="1.0" encoding="UTF-8"?><w:styles xmlns:w="${W}">` +
      [1, 2, 3].map((level) => `<w:style w:type="paragraph" w:styleId="Heading${level}"><w:name w:val="heading ${level}"/></w:style>`).join('') +
      '</w:styles>',
  );
  const body = paragraphs
    .map((paragraph) => {
      const { text, heading } = typeof paragraph === 'string' ? { text: paragraph, heading: 0 } : paragraph;
      const style = heading ? `<w:pPr><w:pStyle w:val="Heading${heading}"/></w:pPr>` : '';
      return `<w:p>${style}<w:r><w:t xml:space="preserve">${escapeXml(text)}</w:t></w:r></w:p>`;
    })
    .join('');
  zip.file('word/document.xml', `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="${W}"><w:body>${body}</w:body></w:document>`);
  return zip.generateAsync({ type: 'nodebuffer' });
}

/** Text in Windows-1252 (what old Windows editors save Portuguese in): not valid UTF-8. */
export function windows1252(text: string): Buffer {
  const bytes: number[] = [];
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (code > 0xff) throw new Error(`not representable in Windows-1252: ${char}`);
    bytes.push(code);
  }
  return Buffer.from(bytes);
}
