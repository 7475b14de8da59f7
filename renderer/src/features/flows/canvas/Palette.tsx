// The block types, to drag onto the canvas, or Enter / click: added after the selected block (and
// connected to it), or in the middle of the view when none is selected; its form opens either way.
import { BLOCK_TYPES } from '#shared/flows/blocks.js';
import { useT } from '#renderer/i18n/useI18n';
import { useEditorContext } from '../editor/EditorContext';
import { BLOCK_ICONS } from './describeBlock';
import { PALETTE_MIME } from './FlowCanvas';

export function Palette({ onAdded }: { onAdded(): void }) {
  const t = useT();
  const { run, editor } = useEditorContext();
  const add = async (type: (typeof BLOCK_TYPES)[number]) => {
    const after = editor.getState().selection.blocks.length === 1;
    await run(after ? 'block.addAfter' : 'block.add', { type });
    onAdded();
  };
  return (
    <aside className="palette" aria-labelledby="palette-title">
      <h2 id="palette-title">{t('flows.palette')}</h2>
      <p className="muted small">{t('flows.palette.hint')}</p>
      <ul>
        {BLOCK_TYPES.map((type) => (
          <li key={type}>
            <button
              type="button"
              className="palette-item"
              draggable
              data-testid={`palette-${type}`}
              onDragStart={(event) => {
                event.dataTransfer.setData(PALETTE_MIME, type);
                event.dataTransfer.effectAllowed = 'copy';
              }}
              onClick={() => void add(type)}>
              <span aria-hidden="true">{BLOCK_ICONS[type]}</span> {t(`flows.block.${type}`)}
            </button>
          </li>
        ))}
        <li>
          <button type="button" className="palette-item note" data-testid="palette-note" onClick={() => void run('note.add')}>
            <span aria-hidden="true">🗒</span> {t('flows.note.label')}
          </button>
        </li>
      </ul>
    </aside>
  );
}
