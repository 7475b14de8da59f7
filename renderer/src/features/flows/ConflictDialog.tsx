// A save refused because someone else saved first: what differs between this editor's flow and
// the saved draft, and the designer's choice. Nothing is overwritten without it.
import { useEffect, useRef } from 'react';
import { diffFlowDocuments } from '#shared/flows/diffFlowDocuments.js';
import type { FlowDocument } from '#shared/flows/flowDocument.js';
import { useT } from '#renderer/i18n/useI18n';

export function ConflictDialog({
  mine,
  theirs,
  onKeepMine,
  onTakeTheirs,
  onLater,
}: {
  mine: FlowDocument;
  theirs: FlowDocument | null;
  onKeepMine(): void;
  onTakeTheirs(): void;
  onLater(): void;
}) {
  const t = useT();
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
    return () => element?.close();
  }, []);
  // "Added" = only in the saved draft, "removed" = only in mine (diff from mine to theirs).
  const diff = theirs ? diffFlowDocuments(mine, theirs) : null;
  const list = (ids: string[]) => ids.join(', ');
  return (
    <dialog
      ref={dialog}
      className="dialog"
      aria-labelledby="conflict-title"
      data-testid="conflict-dialog"
      onCancel={(event) => {
        event.preventDefault();
        onLater();
      }}>
      <h2 id="conflict-title">{t('flows.conflict.title')}</h2>
      <p>{t('flows.conflict.intro')}</p>
      {diff && (
        <ul className="conflict-diff" data-testid="conflict-diff">
          {diff.identical && <li>{t('flows.conflict.same')}</li>}
          {diff.blocksChanged.length > 0 && <li>{t('flows.conflict.blocksChanged', { list: list(diff.blocksChanged) })}</li>}
          {diff.blocksAdded.length > 0 && <li>{t('flows.conflict.blocksOnlyTheirs', { list: list(diff.blocksAdded) })}</li>}
          {diff.blocksRemoved.length > 0 && <li>{t('flows.conflict.blocksOnlyMine', { list: list(diff.blocksRemoved) })}</li>}
          {diff.edgesAdded.length + diff.edgesRemoved.length > 0 && (
            <li>{t('flows.conflict.edges', { count: diff.edgesAdded.length + diff.edgesRemoved.length })}</li>
          )}
          {diff.startChanged && <li>{t('flows.conflict.start')}</li>}
          {diff.settingsChanged.length > 0 && <li>{t('flows.conflict.settings', { list: list(diff.settingsChanged) })}</li>}
        </ul>
      )}
      <div className="dialog-actions">
        <button type="button" className="button-secondary" onClick={onLater}>
          {t('flows.conflict.decideLater')}
        </button>
        <button type="button" className="button-secondary" onClick={onTakeTheirs} data-testid="conflict-take-theirs">
          {t('flows.conflict.takeTheirs')}
        </button>
        <button type="button" className="button-primary" onClick={onKeepMine} data-testid="conflict-keep-mine">
          {t('flows.conflict.keepMine')}
        </button>
      </div>
    </dialog>
  );
}
