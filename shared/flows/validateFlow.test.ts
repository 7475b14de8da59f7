import { describe, expect, it } from 'vitest';
import { choices, condition, end, flowFixture, message, setVariable, textQuestion } from './testing/flowFixture.js';
import { hasErrors, validateFlow, type FlowProblem } from './validateFlow.js';
import type { FlowDocument } from './flowDocument.js';

const long = (n: number) => 'x'.repeat(n);
const problemsOf = (document: FlowDocument, options = {}) => validateFlow(document, options);
const has = (problems: FlowProblem[], code: string, blockId: string | null, severity: 'error' | 'warning' = 'error') =>
  expect(problems).toContainEqual(expect.objectContaining({ code, blockId, severity }));

describe('validateFlow', () => {
  it('finds nothing wrong in a complete flow', () => {
    const document = flowFixture(
      [
        choices('q', 'Hi! Pick one', ['Sales', 'Support']),
        textQuestion('name', 'Your name?', 'name'),
        setVariable('s', 'greeting', 'concat("Hi ", name)'),
        condition('c', [{ id: 'vip', variable: 'name', operator: 'equals', value: 'Ana' }]),
        message('m', '{{greeting}}'),
        end('e'),
      ],
      [
        ['q', 'option:q_o1', 'name'],
        ['q', 'option:q_o2', 'e'],
        ['q', 'gave_up', 'e'],
        ['name', 'next', 's'],
        ['name', 'gave_up', 'e'],
        ['s', 'c'],
        ['c', 'branch:vip', 'm'],
        ['c', 'default', 'e'],
        ['m', 'e'],
      ],
    );
    expect(problemsOf(document)).toEqual([]);
  });

  it('reports a missing or dangling start', () => {
    has(problemsOf(flowFixture([end('e')], [], { start: null })), 'missing_start', null);
    has(problemsOf(flowFixture([end('e')], [], { start: 'nope' })), 'missing_start', null);
  });

  it('reports duplicate block ids', () => {
    has(problemsOf(flowFixture([end('e'), end('e')])), 'duplicate_block_id', 'e');
  });

  it('reports edges to and from missing blocks, unknown handles and doubled handles', () => {
    const document = flowFixture(
      [message('m', 'hi'), end('e'), end('f')],
      [
        ['m', 'ghost'],
        ['ghost', 'e'],
        ['m', 'nope', 'e'],
      ],
    );
    const problems = problemsOf(document);
    has(problems, 'edge_missing_target', 'm');
    has(problems, 'edge_missing_source', null);
    has(problems, 'edge_unknown_handle', 'm');
    has(
      problemsOf(
        flowFixture(
          [message('m', 'hi'), end('e'), end('f')],
          [
            ['m', 'e'],
            ['m', 'f'],
          ],
        ),
      ),
      'handle_multiple_edges',
      'm',
    );
  });

  it('warns about unconnected handles and unreachable blocks', () => {
    const problems = problemsOf(flowFixture([choices('q', 'Pick', ['A', 'B']), end('e'), message('lost', 'never')], [['q', 'option:q_o1', 'e']]));
    has(problems, 'handle_unconnected', 'q', 'warning');
    expect(problems.filter((p) => p.code === 'handle_unconnected' && p.blockId === 'q')).toHaveLength(2); // option B and gave_up
    has(problems, 'unreachable_block', 'lost', 'warning');
    expect(hasErrors(problems)).toBe(false);
  });

  it('checks WhatsApp limits on buttons, lists and texts', () => {
    const p1 = problemsOf(flowFixture([choices('q', long(1025), [long(21), 'B', 'b'])]));
    has(p1, 'body_too_long', 'q');
    has(p1, 'button_title_too_long', 'q');
    has(p1, 'duplicate_option_title', 'q');
    const p2 = problemsOf(
      flowFixture([
        choices(
          'q',
          'Pick',
          Array.from({ length: 11 }, (_, i) => `Option ${i}`),
        ),
      ]),
    );
    has(p2, 'too_many_options', 'q');
    const p3 = problemsOf(
      flowFixture([
        choices('q', 'Pick', ['a', 'b', 'c', long(25)], {
          input: {
            kind: 'choices',
            listButtonText: long(21),
            options: [
              { id: 'x', title: 'a' },
              { id: 'x', title: 'b' },
              { id: long(201), title: '' },
              { id: 'y', title: long(25), description: long(73) },
            ],
          },
        }),
      ]),
    );
    has(p3, 'row_title_too_long', 'q');
    has(p3, 'list_button_text_too_long', 'q');
    has(p3, 'duplicate_option_id', 'q');
    has(p3, 'option_id_too_long', 'q');
    has(p3, 'empty_option_title', 'q');
    has(p3, 'row_description_too_long', 'q');
    has(problemsOf(flowFixture([choices('q', 'Pick', [], {})])), 'no_options', 'q');
    has(
      problemsOf(flowFixture([choices('q', 'Pick', ['a'], { input: { kind: 'choices', options: [{ id: 'a', title: 'A', description: 'shown nowhere' }] } })])),
      'description_ignored',
      'q',
      'warning',
    );
    has(problemsOf(flowFixture([message('m', long(4097))])), 'body_too_long', 'm');
    has(problemsOf(flowFixture([message('m', '  ')])), 'empty_text', 'm');
    has(problemsOf(flowFixture([choices('q', ' ', ['a'])])), 'empty_text', 'q');
  });

  it('checks list sections', () => {
    const section = (title: string | undefined, rows: number, prefix: string) => ({
      ...(title === undefined ? {} : { title }),
      rows: Array.from({ length: rows }, (_, i) => ({ id: `${prefix}${i}`, title: `${prefix} ${i}` })),
    });
    const list = (buttonText: string, sections: unknown[]) => ({
      id: 'l',
      type: 'question' as const,
      data: { text: 'Pick', input: { kind: 'list', buttonText, sections } },
    });
    const problems = problemsOf(flowFixture([list('', [section(undefined, 1, 'a'), section(long(25), 0, 'b')])]));
    has(problems, 'list_button_text_missing', 'l');
    has(problems, 'section_title_missing', 'l');
    has(problems, 'section_title_too_long', 'l');
    has(problems, 'empty_section', 'l');
    has(
      problemsOf(
        flowFixture([
          list(
            'Open',
            Array.from({ length: 11 }, (_, i) => section(`S${i}`, 1, `r${i}`)),
          ),
        ]),
      ),
      'too_many_sections',
      'l',
    );
  });

  it('checks media messages', () => {
    const media = (data: Record<string, unknown>) => flowFixture([{ id: 'm', type: 'message', data: { kind: 'media', ...data } }]);
    has(problemsOf(media({ mediaType: 'image', url: '' })), 'media_url_missing', 'm');
    has(problemsOf(media({ mediaType: 'image', url: 'https://x.test/a.png', caption: long(1025) })), 'caption_too_long', 'm');
    has(problemsOf(media({ mediaType: 'audio', url: 'https://x.test/a.ogg', caption: 'hi' })), 'caption_ignored', 'm', 'warning');
  });

  it('reports unknown variables wherever they are used', () => {
    const problems = problemsOf(
      flowFixture(
        [
          message('m', 'Hi {{nome}}, {{contact_name}}'),
          setVariable('s', 'x', 'total * 2'),
          condition('c', [{ id: 'b', variable: 'ghost', operator: 'is_set' }]),
        ],
        [
          ['m', 's'],
          ['s', 'c'],
        ],
      ),
    );
    expect(
      problems
        .filter((p) => p.code === 'unknown_variable')
        .map((p) => p.blockId)
        .sort(),
    ).toEqual(['c', 'm', 's']);
    expect(problems.find((p) => p.blockId === 'm' && p.code === 'unknown_variable')?.message).toContain('nome');
    // A variable the flow declares is known.
    const declared = flowFixture([message('m', 'Hi {{nome}}')], [], { settings: { variables: ['nome'] } });
    expect(problemsOf(declared).some((p) => p.code === 'unknown_variable')).toBe(false);
  });

  it('checks expressions, patterns, conditions and set-variable blocks', () => {
    has(problemsOf(flowFixture([setVariable('s', 'x', '1 +')])), 'invalid_expression', 's');
    has(problemsOf(flowFixture([setVariable('s', 'x', 'system("rm")')])), 'invalid_expression', 's');
    has(problemsOf(flowFixture([{ id: 's', type: 'set_variable', data: { assignments: [] } }])), 'nothing_to_set', 's', 'warning');
    has(problemsOf(flowFixture([textQuestion('q', 'Code?', 'code', 'pattern', { pattern: '(' })])), 'invalid_pattern', 'q');
    has(problemsOf(flowFixture([textQuestion('q', 'Code?', 'code', 'pattern')])), 'invalid_pattern', 'q');
    has(problemsOf(flowFixture([{ id: 'q', type: 'question', data: { text: 'Say', input: { kind: 'text' } } }])), 'answer_not_saved', 'q', 'warning');
    has(problemsOf(flowFixture([condition('c', [{ id: 'b', variable: 'contact_name', operator: 'matches', value: '[' }])])), 'invalid_pattern', 'c');
    // RE2 (linear time) has no backreferences or lookarounds: refused with the reason, not a generic error.
    for (const pattern of ['(a)\\1', '^(?=a)a', 'a(?!b)', '(?<=a)b', '(?<!a)b']) {
      const problem = problemsOf(flowFixture([textQuestion('q', 'Code?', 'code', 'pattern', { pattern })])).find((found) => found.code === 'invalid_pattern');
      expect(problem?.message, pattern).toMatch(/backreferences .* lookarounds/);
    }
    expect(
      problemsOf(flowFixture([condition('c', [{ id: 'b', variable: 'contact_name', operator: 'matches', value: '(x)\\1' }])])).find(
        (found) => found.code === 'invalid_pattern',
      )?.message,
    ).toMatch(/backreferences/);
    // JavaScript spellings RE2 lacks are translated, so existing patterns keep working.
    for (const pattern of ['^(?<code>\\d{3})$', '^caf\\u00e9$', '^[a-z]{3}-\\d{4}$', '^\\p{L}+$']) {
      expect(
        problemsOf(flowFixture([textQuestion('q', 'Code?', 'code', 'pattern', { pattern })])).filter((found) => found.code === 'invalid_pattern'),
        pattern,
      ).toEqual([]);
    }
    has(problemsOf(flowFixture([condition('c', [{ id: 'b', variable: 'contact_name', operator: 'greater_than', value: 'ten' }])])), 'not_a_number', 'c');
    has(problemsOf(flowFixture([{ id: 'c', type: 'condition', data: { branches: [{ id: 'b', rules: [] }] } }])), 'branch_without_rules', 'c');
    has(problemsOf(flowFixture([{ id: 'c', type: 'condition', data: { branches: [] } }])), 'condition_without_branches', 'c', 'warning');
  });

  it('checks AI, HTTP and jump blocks', () => {
    has(problemsOf(flowFixture([{ id: 'a', type: 'ai_reply', data: { prompt: ' ' } }])), 'empty_prompt', 'a');
    has(problemsOf(flowFixture([{ id: 'a', type: 'ai_reply', data: { prompt: 'hi', sendAnswer: false } }])), 'ai_answer_unused', 'a', 'warning');
    has(problemsOf(flowFixture([{ id: 'h', type: 'http_request', data: { url: 'ftp://x' } }])), 'invalid_url', 'h');
    has(
      problemsOf(flowFixture([{ id: 'h', type: 'http_request', data: { url: 'https://{{host}}/x', headers: [{ name: 'bad name', value: 'v' }] } }])),
      'invalid_header',
      'h',
    );
    expect(
      problemsOf(flowFixture([{ id: 'h', type: 'http_request', data: { url: 'https://api.test/{{contact_phone}}' } }])).some((p) => p.code === 'invalid_url'),
    ).toBe(false);
    has(problemsOf(flowFixture([{ id: 'j', type: 'jump', data: { target: { kind: 'block', blockId: 'nowhere' } } }])), 'jump_target_missing', 'j');
    has(problemsOf(flowFixture([{ id: 'j', type: 'jump', data: { target: { kind: 'block', blockId: 'j' } } }])), 'jump_to_itself', 'j');
    has(
      problemsOf(flowFixture([{ id: 'j', type: 'jump', data: { target: { kind: 'flow', flowId: 'other' } } }]), { flowIds: new Set(['mine']) }),
      'jump_target_missing',
      'j',
    );
  });

  it('reports loops that never wait for the customer, but not loops through a question', () => {
    const loop = flowFixture(
      [message('a', 'one'), setVariable('b', 'n', 'n + 1'), { id: 'j', type: 'jump', data: { target: { kind: 'block', blockId: 'a' } } }],
      [
        ['a', 'b'],
        ['b', 'j'],
      ],
      { settings: { variables: ['n'] } },
    );
    const problem = problemsOf(loop).find((p) => p.code === 'loop_without_question');
    expect(problem).toMatchObject({ severity: 'error', blockId: 'a', blockIds: ['a', 'b', 'j'] });
    const withQuestion = flowFixture(
      [message('a', 'one'), choices('q', 'Again?', ['Yes']), end('e')],
      [
        ['a', 'q'],
        ['q', 'option:q_o1', 'a'],
        ['q', 'gave_up', 'e'],
      ],
    );
    expect(problemsOf(withQuestion).some((p) => p.code === 'loop_without_question')).toBe(false);
  });

  it('gives each problem a code, a variant and parameters to translate, and names blocks by label or type, never by id', () => {
    const document = flowFixture(
      [
        { ...message('block_7f3a', 'Oi {{apelido}}'), label: 'Saudação' },
        setVariable('block_9c1d', 'n', 'n + 1'),
        { id: 'block_jump', type: 'jump', data: { target: { kind: 'block', blockId: 'block_7f3a' } } },
        { id: 'block_ghost', type: 'jump', data: { target: { kind: 'block', blockId: 'block_gone' } } },
      ],
      [
        ['block_7f3a', 'block_9c1d'],
        ['block_9c1d', 'block_jump'],
      ],
      { settings: { variables: ['n'] }, start: 'block_7f3a' },
    );
    const problems = problemsOf(document);
    for (const problem of problems) expect(problem.message, problem.code).not.toMatch(/block_/);
    expect(problems.find((p) => p.code === 'loop_without_question')?.message).toContain('"Saudação" → the set variable block → the jump block');
    expect(problems.find((p) => p.code === 'unknown_variable')).toMatchObject({ variant: 'message', params: { variable: 'apelido' } });
    expect(problems.find((p) => p.code === 'jump_target_missing')).toMatchObject({ variant: 'block', params: {}, blockId: 'block_ghost' });
    expect(problems.find((p) => p.code === 'unreachable_block')?.message).toBe('no path from the start reaches the jump block');
  });
});
