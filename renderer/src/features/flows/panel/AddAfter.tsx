// "Add after this block" in the block's form: picks a block type and adds it to the right of the
// selected block, connected from its first free way out (the block.addAfter command), then opens
// the new block's form. With the palette, the other keyboard way to grow a flow.
import { useId, useState } from 'react';
import { BLOCK_TYPES, type BlockType } from '#shared/flows/blocks.js';
import { useT } from '#renderer/i18n/useI18n';
import { useEditorContext } from '../editor/EditorContext';

export function AddAfter() {
  const t = useT();
  const id = useId();
  const { run, ports } = useEditorContext();
  const [type, setType] = useState<BlockType>('message');
  return (
    <div className="row add-after" data-testid="add-after">
      <label htmlFor={id}>{t('flows.panel.addAfter')}</label>
      <select id={id} value={type} onChange={(event) => setType(event.target.value as BlockType)} data-testid="add-after-type">
        {BLOCK_TYPES.map((value) => (
          <option key={value} value={value}>
            {t(`flows.block.${value}`)}
          </option>
        ))}
      </select>
      <button
        type="button"
        className="button-secondary"
        data-testid="add-after-button"
        onClick={() => void run('block.addAfter', { type }).then(() => ports.host?.openBlockForm?.())}>
        {t('flows.command.addAfter')}
      </button>
    </div>
  );
}
