// Builders for flow documents in tests and benchmarks: short calls with every other field defaulted.
import type { FlowBlock } from '../blocks.js';
import { FLOW_SCHEMA_VERSION, flowDocumentSchema, type FlowDocument, type FlowSettings } from '../flowDocument.js';

type BlockInput = { id: string; type: FlowBlock['type']; data: Record<string, unknown>; label?: string };
/** [source, handle, target]; handle defaults to `next`. */
export type EdgeSpec = [string, string, string] | [string, string];

export function flowFixture(
  blocks: BlockInput[],
  edges: EdgeSpec[] = [],
  options: { start?: string | null; settings?: Partial<FlowSettings> } = {},
): FlowDocument {
  return flowDocumentSchema.parse({
    schemaVersion: FLOW_SCHEMA_VERSION,
    blocks,
    edges: edges.map((edge, index) => {
      const [source, handle, target] = edge.length === 3 ? edge : [edge[0], 'next', edge[1]];
      return { id: `e${index + 1}`, source, sourceHandle: handle, target };
    }),
    startBlockId: options.start === undefined ? (blocks[0]?.id ?? null) : options.start,
    settings: options.settings ?? {},
  });
}

export const message = (id: string, text: string): BlockInput => ({ id, type: 'message', data: { kind: 'text', text } });

export const choices = (id: string, text: string, titles: string[], extra: Record<string, unknown> = {}): BlockInput => ({
  id,
  type: 'question',
  data: { text, input: { kind: 'choices', options: titles.map((title, index) => ({ id: `${id}_o${index + 1}`, title })) }, ...extra },
});

export const textQuestion = (id: string, text: string, variable: string, validation = 'text', extra: Record<string, unknown> = {}): BlockInput => ({
  id,
  type: 'question',
  data: { text, variable, input: { kind: 'text', validation, ...(extra.pattern ? { pattern: extra.pattern } : {}) }, ...extra },
});

export const setVariable = (id: string, variable: string, expression: string): BlockInput => ({
  id,
  type: 'set_variable',
  data: { assignments: [{ kind: 'expression', variable, expression }] },
});

export const condition = (id: string, branches: { id: string; variable: string; operator: string; value?: string }[]): BlockInput => ({
  id,
  type: 'condition',
  data: { branches: branches.map((branch) => ({ id: branch.id, rules: [{ variable: branch.variable, operator: branch.operator, value: branch.value }] })) },
});

export const end = (id: string, then: 'bot' | 'close' = 'bot', text?: string): BlockInput => ({
  id,
  type: 'end',
  data: { then, ...(text ? { message: text } : {}) },
});
