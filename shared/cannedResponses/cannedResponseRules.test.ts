import { describe, expect, it } from 'vitest';
import { expandPlaceholders, normalizeShortcut, shortcutProblem } from './cannedResponseRules.js';

describe('canned response rules', () => {
  it('normalises shortcuts the way they are stored and compared', () => {
    expect(normalizeShortcut(' /Olá ')).toBe('olá');
    expect(normalizeShortcut('AGUARDE')).toBe('aguarde');
    expect(shortcutProblem('')).toBe('empty');
    expect(shortcutProblem('a'.repeat(41))).toBe('tooLong');
    expect(shortcutProblem('two words')).toBe('characters');
    expect(shortcutProblem('pix_2-b')).toBeNull();
  });

  it('fills the contact placeholders in Portuguese and English', () => {
    const contact = { name: 'Maria Souza', phone: '5511987654321' };
    expect(expandPlaceholders('Olá {{nome}}! Seu número é {{telefone}}.', contact)).toBe('Olá Maria Souza! Seu número é 5511987654321.');
    expect(expandPlaceholders('Hi {{ first_name }}, {{phone}} / {{name}} / {{primeiro_nome}}', contact)).toBe('Hi Maria, 5511987654321 / Maria Souza / Maria');
    expect(expandPlaceholders('Pedido {{pedido}} de {{NOME}}', contact)).toBe('Pedido {{pedido}} de Maria Souza');
  });

  it('drops an unknown value with the space before it instead of sending the placeholder', () => {
    expect(expandPlaceholders('Olá {{nome}}! Tudo bem?', { name: null, phone: '55119' })).toBe('Olá! Tudo bem?');
    expect(expandPlaceholders('Olá {{nome}}!', { name: '  ', phone: null })).toBe('Olá!');
  });
});
