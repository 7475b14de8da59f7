// Templates, expressions, answer matching and validation, conditions, triggers, rendering and
// document upgrades: the pure parts of flows that editor and server share.
import { describe, expect, it } from 'vitest';
import { evaluateCondition } from './evaluateCondition.js';
import { evaluateExpression, ExpressionError } from './evaluateExpression.js';
import { matchAnswer } from './matchAnswer.js';
import { matchKeyword, matchQrCode, qrCodeLink } from './matchTrigger.js';
import { renderMessageBlock, renderQuestionBlock } from './renderBlockContent.js';
import { renderTemplate } from './template.js';
import { readFlowDocument } from './upgradeFlowDocument.js';
import { validateTextAnswer } from './validateTextAnswer.js';
import { choices, condition, flowFixture, message } from './testing/flowFixture.js';
import type { BlockOf } from './blocks.js';

describe('templates', () => {
  it('fills variables, dotted paths, and leaves missing ones empty', () => {
    expect(renderTemplate('Oi {{ nome }}, pedido {{order.items.0.id}}{{missing}}!', { nome: 'Ana', order: { items: [{ id: 7 }] } })).toBe('Oi Ana, pedido 7!');
    expect(renderTemplate('{{constructor}}{{x.constructor}}', { x: {} })).toBe('');
  });
});

describe('expressions', () => {
  const run = (expression: string, vars: Record<string, unknown> = {}) => evaluateExpression(expression, vars, new Date('2026-03-04T10:00:00Z'));
  it('does arithmetic, text functions and comparisons over variables', () => {
    expect(run('(price * qty) - 1.5', { price: 10, qty: '3' })).toBe(28.5);
    expect(run('age + 1', { age: '30' })).toBe(31);
    expect(run('"Olá " + upper(first_word(name))', { name: 'ana maria' })).toBe('Olá ANA');
    expect(run('round(10 / 3, 2)')).toBe(3.33);
    expect(run('if(total >= 100, "vip", "normal")', { total: 150 })).toBe('vip');
    expect(run('length(replace(trim("  a-b-c "), "-", ""))')).toBe(3);
    expect(run('default(missing, "none")')).toBe('none');
    expect(run('today()')).toBe('2026-03-04');
    expect(run("substring('abcdef', 1, 3) + text(true)")).toBe('bcdtrue');
  });
  it('refuses code, unknown functions, bad syntax and impossible arithmetic with a reason', () => {
    for (const bad of ['process.exit()', 'eval("1")', 'constructor("x")', '1 +', '"open', '5 / 0', 'name * 2', 'x = 1', '[1]']) {
      expect(() => run(bad, { name: 'ana' }), bad).toThrow(ExpressionError);
    }
    expect(run('__proto__.polluted', {})).toBe(null);
    expect(() => run('a'.repeat(1001))).toThrow(/longer than/);
  });
});

describe('answers', () => {
  const options = [
    { id: 'b1', title: 'Orçamento' },
    { id: 'b2', title: 'Suporte técnico' },
    { id: 'b3', title: '2' },
  ];
  it('matches by button id first, then title (case and accents ignored), then the number typed', () => {
    expect(matchAnswer(options, { choiceId: 'b2', text: 'Orçamento' })?.id).toBe('b2');
    expect(matchAnswer(options, { text: '  ORCAMENTO ' })?.id).toBe('b1');
    expect(matchAnswer(options, { text: 'suporte tecnico' })?.id).toBe('b2');
    expect(matchAnswer(options, { text: '2' })?.id).toBe('b3'); // a title equal to the text wins over the position
    expect(matchAnswer(options, { text: '1' })?.id).toBe('b1');
    expect(matchAnswer(options, { text: '4' })).toBeNull();
    expect(matchAnswer(options, { text: 'talvez' })).toBeNull();
    expect(matchAnswer(options, { choiceId: 'unknown', text: null })).toBeNull();
  });
  it('validates typed answers and normalizes what is stored', () => {
    expect(validateTextAnswer('1.234,50', 'number')).toEqual({ ok: true, value: 1234.5 });
    expect(validateTextAnswer('12.5', 'number')).toEqual({ ok: true, value: 12.5 });
    expect(validateTextAnswer('doze', 'number')).toEqual({ ok: false });
    expect(validateTextAnswer('Ana@Example.com', 'email')).toEqual({ ok: true, value: 'ana@example.com' });
    expect(validateTextAnswer('ana@', 'email')).toEqual({ ok: false });
    expect(validateTextAnswer('+55 (11) 98765-4321', 'phone')).toEqual({ ok: true, value: '+5511987654321' });
    expect(validateTextAnswer('123', 'phone')).toEqual({ ok: false });
    expect(validateTextAnswer('31/12/2026', 'date')).toEqual({ ok: true, value: '2026-12-31' });
    expect(validateTextAnswer('31/02/2026', 'date')).toEqual({ ok: false });
    expect(validateTextAnswer('ABC-1234', 'pattern', '^[a-z]{3}-\\d{4}$')).toEqual({ ok: true, value: 'ABC-1234' });
    // Linear time (RE2): nested quantifiers on a long non-matching answer just fail; nothing is cut off.
    expect(validateTextAnswer(`${'a'.repeat(5000)}!`, 'pattern', '^(a+)+$')).toEqual({ ok: false });
    expect(validateTextAnswer('a'.repeat(5000), 'pattern', '^(a+)+$')).toEqual({ ok: true, value: 'a'.repeat(5000) });
    expect(validateTextAnswer('café', 'pattern', '^CAF\\u00c9$')).toEqual({ ok: true, value: 'café' });
    expect(validateTextAnswer('AB-1', 'pattern', '^[a-z]{3}-\\d{4}$')).toEqual({ ok: false });
    expect(validateTextAnswer('   ', 'text')).toEqual({ ok: false });
  });
});

describe('conditions', () => {
  const block = (operator: string, value?: string) =>
    flowFixture([condition('c', [{ id: 'yes', variable: 'v', operator, value }])]).blocks[0] as BlockOf<'condition'>;
  const check = (operator: string, v: unknown, value?: string) => evaluateCondition(block(operator, value), { v, limit: 10 });
  it('evaluates every operator and falls back to default', () => {
    expect(check('equals', 'São Paulo', 'sao paulo')).toBe('branch:yes');
    expect(check('not_equals', 'a', 'b')).toBe('branch:yes');
    expect(check('contains', 'quero um orçamento', 'ORCAMENTO')).toBe('branch:yes');
    expect(check('not_contains', 'abc', 'x')).toBe('branch:yes');
    expect(check('starts_with', 'Olá mundo', 'ola')).toBe('branch:yes');
    expect(check('greater_than', '12', '{{limit}}')).toBe('branch:yes');
    expect(check('greater_than', 'doze', '10')).toBe('default');
    expect(check('less_than', 3, '10')).toBe('branch:yes');
    expect(check('is_set', '')).toBe('default');
    expect(check('is_not_set', undefined)).toBe('branch:yes');
    expect(check('matches', 'ABC-1234', '^[a-z]{3}-\\d{4}$')).toBe('branch:yes');
    expect(check('equals', 'x', 'y')).toBe('default');
  });
});

describe('triggers', () => {
  it('matches keywords ignoring case and accents, by equals, contains (whole words) and starts with', () => {
    expect(matchKeyword('  Orçamento ', ['orcamento'], 'equals')).toBe(true);
    expect(matchKeyword('quero orçamento', ['orcamento'], 'equals')).toBe(false);
    expect(matchKeyword('Quero um ORÇAMENTO hoje', ['orcamento'], 'contains')).toBe(true);
    expect(matchKeyword('coisa', ['oi'], 'contains')).toBe(false);
    expect(matchKeyword('Cardápio do dia', ['cardapio'], 'starts_with')).toBe(true);
    expect(matchKeyword('o cardápio', ['cardapio'], 'starts_with')).toBe(false);
    expect(matchKeyword('', ['x'], 'contains')).toBe(false);
  });
  it('matches QR codes and builds the wa.me link', () => {
    expect(matchQrCode('PROMO-Mesa 7', 'promo-mesa 7')).toBe(true);
    expect(matchQrCode('PROMO', null)).toBe(false);
    expect(qrCodeLink('+55 (11) 4000-0000', 'MESA 7')).toBe('https://wa.me/551140000000?text=MESA%207');
  });
});

describe('rendering as WhatsApp shows it', () => {
  it('turns 1–3 options into buttons, 4–10 into a list, and fills variables', () => {
    const three = flowFixture([choices('q', 'Oi {{nome}}', ['A', 'B', 'C'])]).blocks[0] as BlockOf<'question'>;
    expect(renderQuestionBlock(three, { nome: 'Ana' })).toEqual({
      kind: 'buttons',
      body: 'Oi Ana',
      buttons: [
        { id: 'q_o1', title: 'A' },
        { id: 'q_o2', title: 'B' },
        { id: 'q_o3', title: 'C' },
      ],
    });
    const four = flowFixture([choices('q', 'Pick', ['A', 'B', 'C', 'D'])]).blocks[0] as BlockOf<'question'>;
    expect(renderQuestionBlock(four, {})).toMatchObject({
      kind: 'list',
      body: 'Pick',
      buttonText: 'Ver opções',
      sections: [{ rows: [{ id: 'q_o1', title: 'A' }, {}, {}, { id: 'q_o4' }] }],
    });
    const sectioned = flowFixture([
      {
        id: 'l',
        type: 'question',
        data: {
          text: 'Cardápio',
          input: {
            kind: 'list',
            buttonText: 'Abrir',
            sections: [
              { title: 'Pizzas', rows: [{ id: 'p1', title: 'Margherita', description: 'Tomate e manjericão' }] },
              { title: 'Bebidas', rows: [{ id: 'b1', title: 'Suco' }] },
            ],
          },
        },
      },
    ]).blocks[0] as BlockOf<'question'>;
    expect(renderQuestionBlock(sectioned, {})).toEqual({
      kind: 'list',
      body: 'Cardápio',
      buttonText: 'Abrir',
      sections: [
        { title: 'Pizzas', rows: [{ id: 'p1', title: 'Margherita', description: 'Tomate e manjericão' }] },
        { title: 'Bebidas', rows: [{ id: 'b1', title: 'Suco' }] },
      ],
    });
    expect(
      renderQuestionBlock(
        flowFixture([{ id: 't', type: 'question', data: { text: 'Seu e-mail?', input: { kind: 'text', validation: 'email' } } }])
          .blocks[0] as BlockOf<'question'>,
        {},
      ),
    ).toEqual({ kind: 'text', text: 'Seu e-mail?' });
    const long = flowFixture([choices('q', 'x', ['{{n}}'])]).blocks[0] as BlockOf<'question'>;
    expect((renderQuestionBlock(long, { n: 'a'.repeat(40) }) as { buttons: { title: string }[] }).buttons[0]!.title).toHaveLength(20);
    expect(renderMessageBlock(flowFixture([message('m', '{{empty}}')]).blocks[0] as BlockOf<'message'>, {})).toBeNull();
  });
});

describe('document versions', () => {
  it('upgrades a version 1 document on read', () => {
    const result = readFlowDocument(
      {
        blocks: [
          {
            id: 'b',
            type: 'buttons',
            data: {
              text: 'Pick',
              buttons: [
                { id: 'y', title: 'Yes' },
                { id: 'n', title: 'No' },
              ],
              variable: 'pick',
            },
          },
          { id: 'c', type: 'condition', data: { variable: 'pick', operator: 'equals', value: 'Yes' } },
          { id: 'm', type: 'message', data: { text: 'ok' } },
          { id: 'e', type: 'end' },
        ],
        edges: [
          { id: '1', source: 'b', sourceHandle: 'y', target: 'c' },
          { id: '2', source: 'c', sourceHandle: 'true', target: 'm' },
          { id: '3', source: 'c', sourceHandle: 'false', target: 'e' },
          { id: '4', source: 'm', target: 'e' },
        ],
        startBlockId: 'b',
      },
      1,
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.document.schemaVersion).toBe(2);
    expect(result.document.blocks.map((b) => b.type)).toEqual(['question', 'condition', 'message', 'end']);
    expect(result.document.edges.map((e) => e.sourceHandle)).toEqual(['option:y', 'branch:true', 'default', 'next']);
    expect(result.document.settings.inactivityTimeoutMinutes).toBe(30);
  });
  it('refuses newer versions and malformed documents with reasons', () => {
    expect(readFlowDocument({ schemaVersion: 99, blocks: [] })).toMatchObject({ ok: false, problems: [expect.stringContaining('newer version')] });
    const bad = readFlowDocument({ schemaVersion: 2, blocks: [{ id: 'x', type: 'teleport', data: {} }], edges: [] });
    expect(bad.ok).toBe(false);
    expect(readFlowDocument('nope').ok).toBe(false);
  });
});
