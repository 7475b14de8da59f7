// The block types, to drag onto the canvas (or Enter / click to add one in the middle of the view).
import { BLOCK_TYPES } from '../../../../../shared/flows/blocks';
import { useT } from '../../../i18n/useI18n';
import { useEditorContext } from '../editor/EditorContext';
import { BLOCK_ICONS } from './describeBlock';
import { PALETTE_MIME } from './FlowCanvas';

export function Palette() {
  const t = useT();
  const { run } = useEditorContext();
  return (
    <aside className="palette" aria-labelledby="palette-title">
      <h2 id="palette-title">{t('flows.palette')}</h2>
      <p className="muted small">{t('flows.palette.hint')}</p>
      <ul>
        {BLOCK_TYPES.map((type) => (
          <li key={type}>
            <button type="button" className="palette-item" draggable data-testid={`palette-${type}`}
              onDragStart={(event) => { event.dataTransfer.setData(PALETTE_MIME, type); event.dataTransfer.effectAllowed = 'copy'; }}
              onClick={() => void run('block.add', { type })}>
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
