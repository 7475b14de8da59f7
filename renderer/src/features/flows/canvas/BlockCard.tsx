// A block on the canvas: type and name, a preview of what it sends, one source handle per way out
// (each option, branch, "gave up", "failure"), the validator's verdict and, on demand, analytics.
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { useT } from '#renderer/i18n/useI18n';
import type { BlockNode } from './buildCanvasElements';
import { BLOCK_ICONS, blockHandleViews, blockPreview } from './describeBlock';

function BlockCardView({ data, selected }: NodeProps<BlockNode>) {
  const t = useT();
  const { block } = data;
  const preview = blockPreview(block).trim();
  const handles = blockHandleViews(block, t);
  const classes = [
    'block-card',
    `block-${block.type}`,
    selected ? 'selected' : '',
    data.severity ? `has-${data.severity}` : '',
    data.current ? 'is-current' : '',
    data.visited ? 'is-visited' : '',
    data.matched ? 'is-match' : '',
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <div className={classes} data-testid="block-card" data-block-id={block.id} data-block-type={block.type}>
      <Handle type="target" position={Position.Left} id="in" className="handle-in" />
      <header className="block-card-header">
        <span aria-hidden="true">{BLOCK_ICONS[block.type]}</span>
        <span className="block-card-type">{block.label || t(`flows.block.${block.type}`)}</span>
        {data.isStart && <span className="block-chip start-chip">{t('flows.block.start')}</span>}
        {data.severity && (
          <span
            className={`block-chip problem-chip ${data.severity}`}
            data-testid="block-problems"
            title={t('flows.block.problems', { count: data.problemCount })}>
            {data.severity === 'error' ? '⛔' : '⚠'} {data.problemCount}
          </span>
        )}
      </header>
      <p className={`block-card-preview ${preview ? '' : 'empty'}`}>{preview || t('flows.block.empty')}</p>
      {data.stats && (
        <p className="block-card-stats" data-testid="block-stats">
          <span>{t('flows.analytics.reached', { count: data.stats.reached })}</span>
          <span className={data.stats.dropped ? 'dropped' : ''}>{t('flows.analytics.dropped', { count: data.stats.dropped })}</span>
        </p>
      )}
      {handles.length > 0 && (
        <ul className="block-card-handles">
          {handles.map((handle) => (
            <li key={handle.id} className={handle.escape ? 'escape' : ''} data-handle={handle.id}>
              <span className="handle-label">{handle.label}</span>
              <Handle type="source" position={Position.Right} id={handle.id} className="handle-out" />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export const BlockCard = memo(BlockCardView);
