import { describe, expect, it } from 'vitest';
import { MAX_CSV_ROW_BYTES, parseCsv } from './parseCsv.js';
import { parseDocument } from './parseDocument.js';

const texts = (csv: string) => parseCsv(csv, 'table.csv').blocks.map((block) => block.text);

describe('parseCsv (csv-parse)', () => {
  it('picks the delimiter found most on the header line, outside quotes', () => {
    expect(texts('name,price\nBolo,45')).toEqual(['name: Bolo; price: 45']);
    expect(texts('produto;preço\nBolo;45,00')).toEqual(['produto: Bolo; preço: 45,00']);
    expect(texts('name\tnote\nBolo\tcom, vírgula; e ponto e vírgula')).toEqual(['name: Bolo; note: com, vírgula; e ponto e vírgula']);
    expect(texts('"a;b;c",d\n1,2')).toEqual(['a;b;c: 1; d: 2']);
  });

  it('reads quoted fields: delimiters, doubled quotes and line breaks inside them', () => {
    expect(texts('item,descrição\r\n"Bolo, grande","Massa ""fofa""\r\ncom recheio"\r\n')).toEqual(['item: Bolo, grande; descrição: Massa "fofa"\ncom recheio']);
  });

  it('keeps a stray quote inside an unquoted field as text', () => {
    expect(texts('medida,valor\n5" polegadas,10')).toEqual(['medida: 5" polegadas; valor: 10']);
  });

  it('drops a byte order mark and accepts \\r\\n, \\n and \\r line ends in one file', () => {
    expect(texts('\uFEFFnome,cidade\r\nAna,Recife\nBia,Natal\rCaio,Belém')).toEqual([
      'nome: Ana; cidade: Recife',
      'nome: Bia; cidade: Natal',
      'nome: Caio; cidade: Belém',
    ]);
  });

  it('numbers rows from the header (row 1), skipping blank rows, and leaves out empty cells', () => {
    const { blocks } = parseCsv('a,b\n\n1,2\n , \n,3\n', 'table.csv');
    expect(blocks).toEqual([
      { kind: 'paragraph', text: 'a: 1; b: 2', rows: [2, 2] },
      { kind: 'paragraph', text: 'b: 3', rows: [3, 3] },
    ]);
  });

  it('names columns without a header and keeps rows shorter or longer than the header', () => {
    expect(texts('nome,,\nAna,31,Recife,extra\nBia')).toEqual(['nome: Ana; column 2: 31; column 3: Recife; column 4: extra', 'nome: Bia']);
  });

  it('reads a header-only file as one paragraph, and an empty one as nothing', () => {
    expect(parseCsv('produto;preço;estoque\n', 'table.csv').blocks).toEqual([{ kind: 'paragraph', text: 'produto; preço; estoque', rows: [1, 1] }]);
    expect(parseCsv('\n \n', 'table.csv').blocks).toEqual([]);
  });

  it('refuses a quote that is never closed, saying where', () => {
    expect(() => parseCsv('a,b\n1,2\n"aberta,3\n4,5\n', 'precos.csv')).toThrow(
      expect.objectContaining({
        code: 'BAD_REQUEST',
        message: expect.stringMatching(/^precos\.csv: the CSV has a quoted field that is never closed \(line \d+\)/),
      }),
    );
  });

  it('refuses a row longer than the cap instead of holding it whole', () => {
    const csv = `a,b\n"${'x'.repeat(MAX_CSV_ROW_BYTES + 10)}",1\n`;
    expect(() => parseCsv(csv, 'big.csv')).toThrow(
      expect.objectContaining({ code: 'BAD_REQUEST', message: expect.stringContaining('big.csv: a CSV row is longer than 1 MB') }),
    );
  });

  it('an upload with a malformed CSV is a 400 with the reason, not a 500', async () => {
    await expect(parseDocument('precos.csv', new TextEncoder().encode('produto;preço\n"Bolo;45\n'))).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('precos.csv: the CSV has a quoted field that is never closed'),
    });
  });
});
