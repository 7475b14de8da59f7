import { describe, expect, it } from 'vitest';
import { numberLabel } from './numberLabel';

const main = { phoneNumberId: '1001', displayName: 'Padaria', kind: 'meta' };
const sandbox = { phoneNumberId: 'sandbox-1', displayName: 'Sandbox', kind: 'sandbox' };
const vendas = { phoneNumberId: '2002', displayName: 'Vendas', kind: 'meta' };
const on = (phoneNumberId: string | null, extra: { numberName?: string | null; isTest?: boolean } = {}) => ({ phoneNumberId, isTest: false, ...extra });

describe('the number label of the inbox list', () => {
  it('shows the number only when the client has more than one (the test phone sandbox aside)', () => {
    expect(numberLabel(on('1001', { numberName: 'Padaria' }), [main, sandbox])).toBeNull();
    expect(numberLabel(on('1001', { numberName: 'Padaria' }), [main, sandbox, vendas])).toBe('Padaria');
    expect(numberLabel(on('2002', { numberName: 'Vendas' }), [main, vendas])).toBe('Vendas');
    expect(numberLabel(on('2002', { numberName: 'Vendas' }), undefined)).toBeNull();
  });

  it('looks the name up for a conversation that came by a live event, and leaves test chats to their badge', () => {
    expect(numberLabel(on('2002'), [main, vendas])).toBe('Vendas');
    expect(numberLabel(on('2002', { numberName: null }), [main, vendas])).toBe('Vendas');
    expect(numberLabel(on('9999'), [main, vendas])).toBeNull();
    expect(numberLabel(on(null), [main, vendas])).toBeNull();
    expect(numberLabel(on('sandbox-1', { numberName: 'Sandbox', isTest: true }), [main, sandbox, vendas])).toBeNull();
  });
});
