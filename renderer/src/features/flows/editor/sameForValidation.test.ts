import { describe, expect, it } from 'vitest';
import { end, flowFixture, message } from '#shared/flows/testing/flowFixture.js';
import { flowEdits } from './flowEdits';
import { sameForValidation } from './sameForValidation';

describe('sameForValidation', () => {
  const doc = flowFixture([message('hello', 'Olá'), end('bye')], [['hello', 'bye']]);

  it('holds for moved blocks and notes', () => {
    const withNote = flowEdits.addNotes(doc, [{ id: 'n1', text: 'todo', position: { x: 0, y: 0 } }]);
    const moved = flowEdits.move(withNote, { hello: { x: 500, y: 40 }, n1: { x: 90, y: 90 } });
    expect(moved).not.toBe(withNote);
    expect(sameForValidation(withNote, moved)).toBe(true);
  });

  it('fails for any other change: block settings, labels, edges, start, settings', () => {
    expect(
      sameForValidation(
        doc,
        flowEdits.updateBlock(doc, 'hello', (block) => (block.type === 'message' ? { ...block, data: { kind: 'text', text: '' } } : block)),
      ),
    ).toBe(false);
    expect(
      sameForValidation(
        doc,
        flowEdits.updateBlock(doc, 'hello', (block) => ({ ...block, label: 'Oi' })),
      ),
    ).toBe(false);
    expect(sameForValidation(doc, flowEdits.remove(doc, { blocks: [], edges: [doc.edges[0]!.id], notes: [] }))).toBe(false);
    expect(sameForValidation(doc, flowEdits.setStart(doc, 'bye'))).toBe(false);
    expect(sameForValidation(doc, flowEdits.updateSettings(doc, { variables: ['pedido'] }))).toBe(false);
    expect(sameForValidation(doc, flowEdits.remove(doc, { blocks: ['bye'], edges: [], notes: [] }))).toBe(false);
  });
});
