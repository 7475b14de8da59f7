import { describe, expect, it } from 'vitest';
import { componentTexts, draftComponents, draftProblems, emptyDraft, fillExamples, placeholders, type TemplateDraft } from './templateDraft';

const draft = (changes: Partial<TemplateDraft>): TemplateDraft => ({ ...emptyDraft(), name: 'pedido_pronto', body: 'Seu pedido está pronto.', ...changes });

describe('message template drafts', () => {
  it('builds Meta components with examples for every placeholder', () => {
    const value = draft({
      header: 'Pedido {{1}}',
      headerExample: '#123',
      body: 'Olá {{1}}, seu pedido {{2}} sai às {{1}}.',
      bodyExamples: ['Ana', '#123', 'extra'],
      footer: 'Doceria Lua',
      buttons: [
        { kind: 'QUICK_REPLY', text: 'Obrigado', url: '', phone: '' },
        { kind: 'URL', text: 'Acompanhar', url: 'https://lua.test/p', phone: '' },
        { kind: 'PHONE_NUMBER', text: 'Ligar', url: '', phone: '+55 (11) 4000-3000' },
      ],
    });
    expect(draftProblems(value)).toEqual([]);
    expect(draftComponents(value)).toEqual([
      { type: 'HEADER', format: 'TEXT', text: 'Pedido {{1}}', example: { header_text: ['#123'] } },
      { type: 'BODY', text: 'Olá {{1}}, seu pedido {{2}} sai às {{1}}.', example: { body_text: [['Ana', '#123']] } },
      { type: 'FOOTER', text: 'Doceria Lua' },
      {
        type: 'BUTTONS',
        buttons: [
          { type: 'QUICK_REPLY', text: 'Obrigado' },
          { type: 'URL', text: 'Acompanhar', url: 'https://lua.test/p' },
          { type: 'PHONE_NUMBER', text: 'Ligar', phone_number: '+551140003000' },
        ],
      },
    ]);
    expect(draftComponents(draft({}))).toEqual([{ type: 'BODY', text: 'Seu pedido está pronto.' }]);
  });

  it('finds what Meta would refuse before sending', () => {
    expect(draftProblems(draft({ name: 'Pedido Pronto' }))).toEqual([{ code: 'name' }]);
    expect(draftProblems(draft({ language: 'portuguese' }))).toEqual([{ code: 'language' }]);
    expect(draftProblems(draft({ body: '  ' }))).toEqual([{ code: 'bodyMissing' }]);
    expect(draftProblems(draft({ body: 'Olá {{2}}' }))).toEqual([{ code: 'placeholders', part: 'body' }]);
    expect(draftProblems(draft({ body: 'Olá {{1}} e {{2}}', bodyExamples: ['Ana'] }))).toEqual([{ code: 'example', part: 'body', index: 2 }]);
    expect(draftProblems(draft({ header: '{{1}} {{2}}' }))).toEqual([{ code: 'headerVariables' }]);
    expect(draftProblems(draft({ header: 'Pedido {{1}}' }))).toEqual([{ code: 'example', part: 'header', index: 1 }]);
    expect(draftProblems(draft({ footer: 'até {{1}}' }))).toEqual([{ code: 'footerVariables' }]);
    expect(draftProblems(draft({ body: 'x'.repeat(1025) }))).toEqual([{ code: 'tooLong', part: 'body', max: 1024 }]);
    expect(
      draftProblems(
        draft({
          buttons: [
            { kind: 'URL', text: 'Ver', url: 'lua.test', phone: '' },
            { kind: 'PHONE_NUMBER', text: '', url: '', phone: '12' },
          ],
        }),
      ),
    ).toEqual([
      { code: 'buttonUrl', index: 1 },
      { code: 'buttonText', index: 2, max: 25 },
      { code: 'buttonPhone', index: 2 },
    ]);
    const many = Array.from({ length: 11 }, () => ({ kind: 'QUICK_REPLY' as const, text: 'Sim', url: '', phone: '' }));
    expect(draftProblems(draft({ buttons: many }))).toEqual([{ code: 'tooManyButtons', max: 10 }]);
  });

  it('reads texts back from stored or synced components and fills examples for the preview', () => {
    expect(placeholders('{{2}} {{ 1 }} {{2}}')).toEqual([2, 1, 2]);
    expect(
      componentTexts([
        { type: 'body', text: 'Oi' },
        { type: 'BUTTONS', buttons: [{ type: 'QUICK_REPLY', text: 'Sim' }] },
      ]),
    ).toEqual({ header: null, body: 'Oi', footer: null, buttons: ['Sim'] });
    expect(componentTexts(null)).toEqual({ header: null, body: null, footer: null, buttons: [] });
    expect(fillExamples('Olá {{1}}, pedido {{2}}', ['Ana'])).toBe('Olá Ana, pedido {{2}}');
  });
});
