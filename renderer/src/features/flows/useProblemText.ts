// The validator's findings in the reader's language: each problem's code and variant pick a message
// (flows.problem.*), its parameters fill it in, and blocks are named by their label, or their type
// when they have none (never by the internal id the document uses).
import { useCallback } from 'react';
import type { FlowBlock } from '#shared/flows/blocks.js';
import type { FlowDocument } from '#shared/flows/flowDocument.js';
import type { FlowProblem } from '#shared/flows/validateFlow.js';
import type { MessageKey } from '#renderer/i18n/catalog';
import { useT, type Translate } from '#renderer/i18n/useI18n';
import { blockHandleViews } from './canvas/describeBlock';

export type BlockName = (blockId: string) => string;

export function nameOfBlock(block: FlowBlock | undefined, t: Translate): string {
  if (!block) return t('flows.problem.unknownBlock');
  return block.label?.trim() || t(`flows.block.${block.type}`);
}

/** A block's name by id, for the open document. */
export function useBlockName(doc: FlowDocument): BlockName {
  const t = useT();
  return useCallback(
    (blockId: string) =>
      nameOfBlock(
        doc.blocks.find((block) => block.id === blockId),
        t,
      ),
    [doc.blocks, t],
  );
}

export function problemText(problem: FlowProblem, t: Translate, doc: FlowDocument, blockName: BlockName): string {
  const block = problem.blockId ? doc.blocks.find((candidate) => candidate.id === problem.blockId) : undefined;
  const params: Record<string, string | number> = { ...problem.params };
  if (typeof params.handle === 'string' && block)
    params.handle = blockHandleViews(block, t).find((view) => view.id === params.handle)?.label ?? t('flows.handle.next');
  if (problem.blockIds) params.blocks = problem.blockIds.map(blockName).join(' → ');
  const key = `flows.problem.${problem.code}${problem.variant ? `.${problem.variant}` : ''}` as MessageKey;
  const text = t(key, params);
  // A code this renderer does not know yet (a newer server): the validator's English beats a raw key.
  return text === key ? problem.message : text;
}
