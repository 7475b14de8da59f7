// A sticky note: a comment for the team on the canvas, never sent to anyone. Dragged by its grip so
// the text can be selected and edited in place.
import type { NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { useT } from '#renderer/i18n/useI18n';
import type { NoteNode } from './buildCanvasElements';
import { useEditorContext } from '../editor/EditorContext';

function NoteCardView({ data, selected }: NodeProps<NoteNode>) {
  const t = useT();
  const { run, readOnly } = useEditorContext();
  const { note } = data;
  return (
    <div className={`note-card note-${note.color ?? 'yellow'} ${selected ? 'selected' : ''}`} data-testid="note-card">
      <div className="note-grip" aria-hidden="true">
        ⋮⋮
      </div>
      <textarea
        className="nodrag nowheel"
        aria-label={t('flows.note.label')}
        placeholder={t('flows.note.placeholder')}
        value={note.text}
        maxLength={5000}
        readOnly={readOnly}
        onChange={(event) => void run('note.update', { id: note.id, text: event.target.value })}
      />
    </div>
  );
}

export const NoteCard = memo(NoteCardView);
