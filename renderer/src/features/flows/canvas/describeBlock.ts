// What a block's card shows: a one-line preview of its content and a label per outgoing handle
// (an option's title, a branch's name, "gave up", "failure"), in the order the handles are drawn.
import { blockHandles, questionOptions, type FlowBlock } from '#shared/flows/blocks.js';
import type { Translate } from '#renderer/i18n/useI18n';

export type HandleView = { id: string; label: string; escape: boolean };

export function blockPreview(block: FlowBlock): string {
  switch (block.type) {
    case 'message':
      return block.data.kind === 'text' ? block.data.text : `${block.data.mediaType}: ${block.data.caption || block.data.url}`;
    case 'question':
      return block.data.text;
    case 'condition':
      return block.data.branches
        .map((branch) =>
          branch.rules.map((rule) => `${rule.variable} ${rule.operator} ${rule.value ?? ''}`.trim()).join(branch.match === 'any' ? ' | ' : ' & '),
        )
        .join(' · ');
    case 'set_variable':
      return block.data.assignments
        .map((assignment) => `${assignment.variable} = ${assignment.kind === 'text' ? assignment.text : assignment.expression}`)
        .join(' · ');
    case 'ai_reply':
      return block.data.prompt;
    case 'http_request':
      return `${block.data.method} ${block.data.url}`.trim();
    case 'handoff':
      return block.data.message ?? '';
    case 'delay':
      return `${block.data.seconds} s`;
    case 'jump':
      return block.data.target.kind === 'block' ? `→ ${block.data.target.blockId}` : `→ flow ${block.data.target.flowId}`;
    case 'end':
      return block.data.message ?? '';
  }
}

/** Blocks are never changed in place (an edit makes a new one), so their search text is kept. */
const searchTexts = new WeakMap<FlowBlock, string>();

/** Every text a designer may search a block by: its label, preview and handle titles. */
export function blockSearchText(block: FlowBlock): string {
  let text = searchTexts.get(block);
  if (text === undefined) searchTexts.set(block, (text = describeForSearch(block)));
  return text;
}

function describeForSearch(block: FlowBlock): string {
  const options = block.type === 'question' ? questionOptions(block).map((option) => `${option.title} ${option.description ?? ''}`) : [];
  const branches = block.type === 'condition' ? block.data.branches.map((branch) => branch.label ?? '') : [];
  return [block.id, block.label ?? '', blockPreview(block), ...options, ...branches].join(' ').toLowerCase();
}

export function blockHandleViews(block: FlowBlock, t: Translate): HandleView[] {
  const options = block.type === 'question' ? questionOptions(block) : [];
  const branches = block.type === 'condition' ? block.data.branches : [];
  return blockHandles(block).map((id) => {
    if (id.startsWith('option:')) {
      const index = options.findIndex((option) => `option:${option.id}` === id);
      return { id, label: options[index]?.title || t('flows.handle.option', { n: index + 1 }), escape: false };
    }
    if (id.startsWith('branch:')) {
      const index = branches.findIndex((branch) => `branch:${branch.id}` === id);
      return { id, label: branches[index]?.label || t('flows.handle.branch', { n: index + 1 }), escape: false };
    }
    if (id === 'gave_up' || id === 'failure') return { id, label: t(id === 'gave_up' ? 'flows.handle.gave_up' : 'flows.handle.failure'), escape: true };
    if (id === 'default') return { id, label: t('flows.handle.default'), escape: false };
    return { id, label: t('flows.handle.next'), escape: false };
  });
}

export const BLOCK_ICONS: Record<FlowBlock['type'], string> = {
  message: '💬',
  question: '❓',
  condition: '🔀',
  set_variable: '📝',
  ai_reply: '✨',
  http_request: '🌐',
  handoff: '🙋',
  delay: '⏱',
  jump: '↪',
  end: '⏹',
};
