// The side panel for the selected block: its settings, checked as the designer types (the
// validator's findings for this block, counters, required fields), and its connections as menus
// so a flow can be wired without a mouse.
import type { BlockOf, FlowBlock } from '#shared/flows/blocks.js';
import type { FlowProblem } from '#shared/flows/validateFlow.js';
import { useT } from '#renderer/i18n/useI18n';
import { blockHandleViews } from '../canvas/describeBlock';
import { useEditor, useEditorContext } from '../editor/EditorContext';
import { ConditionForm } from './ConditionForm';
import { SelectField, TextField } from './FormFields';
import { MessageForm } from './MessageForm';
import { AiReplyForm, DelayForm, EndForm, HandoffForm, HttpRequestForm, JumpForm, SetVariableForm } from './OtherForms';
import { QuestionForm } from './QuestionForm';
import { AddAfter } from './AddAfter';

export function BlockPanel({
  block,
  problems,
  variables,
  flows,
  describe,
  blockName,
}: {
  block: FlowBlock;
  problems: FlowProblem[];
  variables: string[];
  flows: { id: string; name: string }[];
  describe(problem: FlowProblem): string;
  blockName(blockId: string): string;
}) {
  const t = useT();
  const { run } = useEditorContext();
  const doc = useEditor((state) => state.doc);
  const change = (field: string, next: FlowBlock) => void run('block.update', { id: block.id, field, update: () => next });
  const props = { change, variables } as const;
  const targets = doc.blocks.filter((other) => other.id !== block.id);
  return (
    <section className="block-panel" aria-labelledby="block-panel-title" data-testid="block-panel" data-block-id={block.id}>
      <h2 id="block-panel-title">
        {t(`flows.block.${block.type}`)} {block.label && <span className="muted small">{block.label}</span>}
      </h2>
      {problems.length > 0 && (
        <ul className="panel-problems" aria-label={t('flows.problems.title')} data-testid="panel-problems">
          {problems.map((problem, index) => (
            <li key={index} className={problem.severity}>
              {describe(problem)}
            </li>
          ))}
        </ul>
      )}
      <TextField
        label={t('flows.panel.label')}
        value={block.label ?? ''}
        testId="field-label"
        onChange={(label) => change('label', { ...block, label: label || undefined })}
      />
      {block.type === 'message' && <MessageForm block={block} {...props} change={change as (field: string, next: BlockOf<'message'>) => void} />}
      {block.type === 'question' && <QuestionForm block={block} {...props} change={change as (field: string, next: BlockOf<'question'>) => void} />}
      {block.type === 'condition' && <ConditionForm block={block} {...props} change={change as (field: string, next: BlockOf<'condition'>) => void} />}
      {block.type === 'set_variable' && <SetVariableForm block={block} {...props} change={change as (field: string, next: BlockOf<'set_variable'>) => void} />}
      {block.type === 'ai_reply' && <AiReplyForm block={block} {...props} change={change as (field: string, next: BlockOf<'ai_reply'>) => void} />}
      {block.type === 'http_request' && <HttpRequestForm block={block} {...props} change={change as (field: string, next: BlockOf<'http_request'>) => void} />}
      {block.type === 'handoff' && <HandoffForm block={block} {...props} change={change as (field: string, next: BlockOf<'handoff'>) => void} />}
      {block.type === 'delay' && <DelayForm block={block} {...props} change={change as (field: string, next: BlockOf<'delay'>) => void} />}
      {block.type === 'jump' && <JumpForm block={block} {...props} flows={flows} change={change as (field: string, next: BlockOf<'jump'>) => void} />}
      {block.type === 'end' && <EndForm block={block} {...props} change={change as (field: string, next: BlockOf<'end'>) => void} />}

      {blockHandleViews(block, t).length > 0 && (
        <fieldset className="panel-list">
          <legend>{t('flows.panel.connections')}</legend>
          {blockHandleViews(block, t).map((handle) => {
            const edge = doc.edges.find((candidate) => candidate.source === block.id && candidate.sourceHandle === handle.id);
            return (
              <SelectField
                key={handle.id}
                label={t('flows.panel.goesTo', { handle: handle.label })}
                value={edge?.target ?? ''}
                options={[
                  { value: '', label: t('flows.panel.nowhere') },
                  ...targets.map((other, index) => ({ value: other.id, label: t('flows.panel.target', { name: blockName(other.id), n: index + 1 }) })),
                ]}
                onChange={(target) =>
                  void (target
                    ? run('edge.connect', { source: block.id, sourceHandle: handle.id, target })
                    : run('edge.disconnect', { source: block.id, sourceHandle: handle.id }))
                }
              />
            );
          })}
        </fieldset>
      )}
      <AddAfter />
      <div className="row">
        {doc.startBlockId === block.id ? (
          <span className="muted small">{t('flows.panel.isStart')}</span>
        ) : (
          <button type="button" className="button-secondary" onClick={() => void run('block.setStart')}>
            {t('flows.command.setStart')}
          </button>
        )}
        <button type="button" className="button-danger" onClick={() => void run('selection.delete')}>
          {t('flows.command.delete')}
        </button>
      </div>
    </section>
  );
}
