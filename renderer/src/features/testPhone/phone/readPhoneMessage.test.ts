import { describe, expect, it } from 'vitest';
import { cleanPhone } from '../customers/cleanPhone';
import { parseCoordinate } from './parseCoordinate';
import { readPhoneMessage } from './readPhoneMessage';

describe('readPhoneMessage', () => {
  it('reads reply buttons from the stored metadata (as describeOutbound writes them)', () => {
    const message = {
      type: 'interactive',
      content: 'O que você quer?',
      metadata: {
        outbound: { kind: 'buttons' },
        interactive: {
          type: 'button',
          footer: 'Padaria',
          buttons: [
            { id: 'cardapio', title: 'Cardápio' },
            { id: 'humano', title: 'Atendente' },
          ],
        },
      },
    };
    expect(readPhoneMessage(message)).toEqual({
      kind: 'buttons',
      body: 'O que você quer?',
      header: null,
      footer: 'Padaria',
      buttons: [
        { id: 'cardapio', title: 'Cardápio' },
        { id: 'humano', title: 'Atendente' },
      ],
    });
  });

  it('reads a list from content sent as an object, dropping rows without a title', () => {
    const message = {
      type: 'interactive',
      content: {
        kind: 'list',
        body: 'Escolha',
        buttonText: 'Ver opções',
        sections: [{ title: 'Pães', rows: [{ id: 'p1', title: 'Francês', description: 'quentinho' }, { id: 'x' }] }],
      },
    };
    expect(readPhoneMessage(message)).toEqual({
      kind: 'list',
      body: 'Escolha',
      header: null,
      footer: null,
      buttonText: 'Ver opções',
      sections: [{ title: 'Pães', rows: [{ id: 'p1', title: 'Francês', description: 'quentinho' }] }],
    });
  });

  it("reads the customer's own answers, locations and media", () => {
    expect(
      readPhoneMessage({ type: 'interactive', content: 'Cardápio', metadata: { interactive: { type: 'button_reply', id: 'cardapio', title: 'Cardápio' } } }),
    ).toEqual({ kind: 'reply', title: 'Cardápio', description: null });
    expect(readPhoneMessage({ type: 'location', content: 'Padaria', metadata: { location: { latitude: -23.5, longitude: -46.6, name: 'Padaria' } } })).toEqual({
      kind: 'location',
      latitude: -23.5,
      longitude: -46.6,
      name: 'Padaria',
      address: null,
    });
    expect(readPhoneMessage({ type: 'image', content: 'meu pão', metadata: { media: { id: 'm1', mimeType: 'image/png' }, caption: 'meu pão' } })).toEqual({
      kind: 'media',
      mediaType: 'image',
      caption: 'meu pão',
      filename: null,
    });
    expect(readPhoneMessage({ type: 'document', content: 'menu.pdf', metadata: { media: { filename: 'menu.pdf' } } })).toEqual({
      kind: 'media',
      mediaType: 'document',
      caption: null,
      filename: 'menu.pdf',
    });
  });

  it('falls back to text for anything it does not know, never throwing', () => {
    expect(readPhoneMessage({ type: 'text', content: 'oi' })).toEqual({ kind: 'text', text: 'oi' });
    expect(readPhoneMessage({ type: 'template', content: '[template boas_vindas]', metadata: null })).toEqual({
      kind: 'other',
      text: '[template boas_vindas]',
    });
    expect(readPhoneMessage({ type: 'interactive', content: null, metadata: 'garbage' })).toEqual({ kind: 'other', text: '' });
  });
});

describe('test customer form and location input', () => {
  it('cleans a typed phone number or refuses it', () => {
    expect(cleanPhone(' +55 (11) 99999-0000 ')).toBe('+5511999990000');
    expect(cleanPhone('5511.99999.0000')).toBe('5511999990000');
    expect(cleanPhone('12345')).toBeNull();
    expect(cleanPhone('+55 11 9999x0000')).toBeNull();
  });

  it('parses coordinates within their range, with a comma or a point', () => {
    expect(parseCoordinate('-23,5505', 90)).toBe(-23.5505);
    expect(parseCoordinate('180', 180)).toBe(180);
    expect(parseCoordinate('91', 90)).toBeNull();
    expect(parseCoordinate('abc', 90)).toBeNull();
    expect(parseCoordinate('', 90)).toBeNull();
  });
});
