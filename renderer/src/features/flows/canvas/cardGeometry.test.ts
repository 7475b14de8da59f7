import { describe, expect, it } from 'vitest';
import { blockHandles } from '#shared/flows/blocks.js';
import { choices, end, flowFixture, message } from '#shared/flows/testing/flowFixture.js';
import { cardGeometry } from './cardGeometry';

describe('cardGeometry', () => {
  const [hello, menu, bye] = flowFixture([
    message('hello', 'Olá! '.repeat(30)),
    choices('menu', 'O que deseja?', ['Cardápio', 'Atendente']),
    end('bye'),
  ]).blocks;

  it('gives the target handle and one source handle per way out, in the order the card draws them', () => {
    const geometry = cardGeometry(menu!, false);
    expect(geometry.handles.map((handle) => [handle.id, handle.type])).toEqual([['in', 'target'], ...blockHandles(menu!).map((id) => [id, 'source'])]);
    const ys = geometry.handles.filter((handle) => handle.type === 'source').map((handle) => handle.y);
    expect(ys).toEqual([...ys].sort((a, b) => a - b));
    expect(ys.at(-1)!).toBeLessThan(geometry.height);
  });

  it('grows with the preview (up to three lines), the handles and the analytics row', () => {
    expect(cardGeometry(hello!, false).height).toBeGreaterThan(cardGeometry(bye!, false).height);
    expect(cardGeometry(menu!, false).height).toBeGreaterThan(cardGeometry(bye!, false).height);
    expect(cardGeometry(menu!, true).height).toBeGreaterThan(cardGeometry(menu!, false).height);
    expect(cardGeometry(bye!, false).handles).toHaveLength(1);
  });
});
