import { TRPCError } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import { docx, pdfWithoutText, pdfWithText, windows1252 } from '../testing/documentFixtures.js';
import { parseDocument } from './parseDocument.js';

const utf8 = (text: string) => Buffer.from(text, 'utf8');
const paragraphs = (blocks: Awaited<ReturnType<typeof parseDocument>>['document']['blocks']) =>
  blocks.filter((block) => block.kind === 'paragraph').map((block) => block.text);

async function rejection(promise: Promise<unknown>): Promise<TRPCError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(TRPCError);
  expect((error as TRPCError).code).toBe('BAD_REQUEST');
  return error as TRPCError;
}

describe('parseDocument', () => {
  it('refuses an empty file and a file with only whitespace', async () => {
    expect((await rejection(parseDocument('empty.txt', new Uint8Array()))).message).toBe('empty.txt: the file is empty');
    expect((await rejection(parseDocument('blank.md', utf8(' \n\n\t\n')))).message).toMatch(/no text/);
  });

  it('reads Markdown headings (ATX and setext), paragraphs and fenced code kept whole', async () => {
    const { format, document } = await parseDocument(
      'faq.md',
      utf8('# Store\n\nIntro line one\nline two\n\nPolicies\n--------\n\n```\ncode\n\nstill code\n```\n\n## Refunds ##\nWithin 30 days.'),
    );
    expect(format).toBe('markdown');
    expect(document.title).toBe('Store');
    expect(document.blocks).toEqual([
      { kind: 'heading', level: 1, text: 'Store' },
      { kind: 'paragraph', text: 'Intro line one\nline two' },
      { kind: 'heading', level: 2, text: 'Policies' },
      { kind: 'paragraph', text: '```\ncode\n\nstill code\n```' },
      { kind: 'heading', level: 2, text: 'Refunds' },
      { kind: 'paragraph', text: 'Within 30 days.' },
    ]);
  });

  it('reads text that is not UTF-8 (Windows-1252) and UTF-16 with a BOM', async () => {
    const latin = await parseDocument('politica.txt', windows1252('Política de devolução: até 7 dias após a compra.'));
    expect(paragraphs(latin.document.blocks)).toEqual(['Política de devolução: até 7 dias após a compra.']);
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Horário: 9h às 18h', 'utf16le')]);
    expect(paragraphs((await parseDocument('horario.txt', utf16)).document.blocks)).toEqual(['Horário: 9h às 18h']);
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8('ação')]);
    expect(paragraphs((await parseDocument('bom.txt', bom)).document.blocks)).toEqual(['ação']);
  });

  it('refuses binary files and unsupported formats with the reason', async () => {
    expect((await rejection(parseDocument('photo.txt', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d, 1, 2, 3])))).message).toMatch(/binary/);
    expect((await rejection(parseDocument('old.doc', utf8('whatever')))).message).toMatch(/\.doc\).*\.docx/);
    expect((await rejection(parseDocument('image.png', utf8('x')))).message).toMatch(/\.png files are not supported/);
  });

  it('reads a PDF page by page and refuses one with no text layer with a clear reason', async () => {
    const pdf = await pdfWithText([['Refunds are accepted within 30 days.'], ['Shipping takes 5 business days.']]);
    const { format, document } = await parseDocument('manual.pdf', pdf);
    expect(format).toBe('pdf');
    expect(document.title).toBe('Fixture manual');
    expect(document.blocks).toEqual([
      { kind: 'paragraph', text: 'Refunds are accepted within 30 days.', page: 1 },
      { kind: 'paragraph', text: 'Shipping takes 5 business days.', page: 2 },
    ]);
    const scanned = await rejection(parseDocument('scan.pdf', await pdfWithoutText(3)));
    expect(scanned.message).toBe('scan.pdf: the PDF has no text layer (3 pages, probably scanned images); export it with text or run OCR first');
    expect((await rejection(parseDocument('broken.pdf', utf8('%PDF-1.7 garbage')))).message).toMatch(/^broken\.pdf: not a readable PDF/);
  });

  it('reads a DOCX with Word heading styles, and refuses a corrupt one', async () => {
    const file = await docx([{ heading: 1, text: 'Catálogo' }, 'Temos bolos e tortas.', { heading: 2, text: 'Preços' }, 'Bolo de cenoura: R$ 40.']);
    const { format, document } = await parseDocument('catalogo.docx', file);
    expect(format).toBe('docx');
    expect(document.blocks).toEqual([
      { kind: 'heading', level: 1, text: 'Catálogo' },
      { kind: 'paragraph', text: 'Temos bolos e tortas.' },
      { kind: 'heading', level: 2, text: 'Preços' },
      { kind: 'paragraph', text: 'Bolo de cenoura: R$ 40.' },
    ]);
    expect((await rejection(parseDocument('broken.docx', Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(64, 1)])))).message).toMatch(
      /^broken\.docx: not a readable DOCX/,
    );
  });

  it('reads HTML: title, headings, lists, table rows; scripts and styles are dropped', async () => {
    const html =
      '<!doctype html><html><head><title>Loja &amp; Cia</title><style>p{color:red}</style><script>alert("x")</script></head>' +
      '<body><nav><a href="/">Home</a></nav><h1>Entrega</h1><p>Entregamos em <b>toda</b> a cidade.</p><ul><li>Centro</li><li>Bairro Alto</li></ul>' +
      '<table><tr><th>Região</th><th>Prazo</th></tr><tr><td>Centro</td><td>1 dia</td></tr></table><script>var hidden = 1;</script></body></html>';
    const { format, document } = await parseDocument('entrega.html', utf8(html));
    expect(format).toBe('html');
    expect(document.title).toBe('Loja & Cia');
    expect(document.blocks).toEqual([
      { kind: 'paragraph', text: 'Home' },
      { kind: 'heading', level: 1, text: 'Entrega' },
      { kind: 'paragraph', text: 'Entregamos em toda a cidade.' },
      { kind: 'paragraph', text: '- Centro\n- Bairro Alto' },
      { kind: 'paragraph', text: 'Região | Prazo' },
      { kind: 'paragraph', text: 'Centro | 1 dia' },
    ]);
  });

  it('reads CSV with quoted fields, embedded newlines and semicolons, one paragraph per row', async () => {
    const csv = 'produto;preço;descrição\r\n"Bolo ""especial""";45,00;"Massa fofa\nrecheio de doce de leite"\r\nTorta;30,00;\r\n\r\n';
    const { format, document } = await parseDocument('precos.csv', utf8(csv));
    expect(format).toBe('csv');
    expect(document.blocks).toEqual([
      { kind: 'paragraph', text: 'produto: Bolo "especial"; preço: 45,00; descrição: Massa fofa\nrecheio de doce de leite', rows: [2, 2] },
      { kind: 'paragraph', text: 'produto: Torta; preço: 30,00', rows: [3, 3] },
    ]);
  });

  it('trusts the content over the extension (a PDF named .txt is read as a PDF)', async () => {
    const pdf = await pdfWithText([['Named wrongly.']]);
    expect((await parseDocument('notes.txt', pdf)).format).toBe('pdf');
  });
});
