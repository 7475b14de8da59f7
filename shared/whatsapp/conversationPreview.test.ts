import { describe, expect, it } from 'vitest';
import { conversationPreview } from './conversationPreview.js';

describe('conversationPreview', () => {
  it('marks media, locations and contact cards, with their text when they have one', () => {
    expect(conversationPreview('image', null)).toBe('📷');
    expect(conversationPreview('image', 'Nota fiscal')).toBe('📷 Nota fiscal');
    expect(conversationPreview('document', 'pedido.pdf')).toBe('📄 pedido.pdf');
    expect(conversationPreview('audio', '  ')).toBe('🎤');
    expect(conversationPreview('location', 'Av. Paulista, 1000')).toBe('📍 Av. Paulista, 1000');
  });

  it('leaves text and everything else as it is', () => {
    expect(conversationPreview('text', 'Oi')).toBe('Oi');
    expect(conversationPreview('interactive', 'Escolha uma opção')).toBe('Escolha uma opção');
    expect(conversationPreview('template', null)).toBeNull();
  });
});
