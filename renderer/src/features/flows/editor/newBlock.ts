// A freshly dropped block of each type: valid settings a designer then fills in (texts start empty
// so the validator points at what is missing instead of shipping placeholder text to customers).
import type { BlockType, FlowBlock } from '#shared/flows/blocks.js';

export function newBlock(type: BlockType, id: string, position: { x: number; y: number }, optionId: (n: number) => string = (n) => `o${n}`): FlowBlock {
  const common = { id, position };
  switch (type) {
    case 'message':
      return { ...common, type, data: { kind: 'text', text: '' } };
    case 'question':
      return {
        ...common,
        type,
        data: {
          text: '',
          input: {
            kind: 'choices',
            options: [
              { id: optionId(1), title: '' },
              { id: optionId(2), title: '' },
            ],
          },
          maxRetries: 2,
        },
      };
    case 'condition':
      return { ...common, type, data: { branches: [{ id: optionId(1), match: 'all', rules: [{ variable: '', operator: 'equals', value: '' }] }] } };
    case 'set_variable':
      return { ...common, type, data: { assignments: [{ kind: 'text', variable: 'value', text: '' }] } };
    case 'ai_reply':
      return { ...common, type, data: { prompt: '', useKnowledgeBase: false, sendAnswer: true } };
    case 'http_request':
      return { ...common, type, data: { method: 'GET', url: '', headers: [], timeoutMs: 10_000, responseMapping: [] } };
    case 'handoff':
      return { ...common, type, data: {} };
    case 'delay':
      return { ...common, type, data: { seconds: 60 } };
    case 'jump':
      return { ...common, type, data: { target: { kind: 'block', blockId: '' } } };
    case 'end':
      return { ...common, type, data: { then: 'bot' } };
  }
}
