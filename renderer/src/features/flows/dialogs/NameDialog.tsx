import { useState } from 'react';
import { useT } from '#renderer/i18n/useI18n';
import { Field } from '#renderer/ui/Field';
import { ModalDialog } from './ModalDialog';

/** Asks for a flow's name (create, rename). */
export function NameDialog({
  title,
  initial,
  submitLabel,
  error,
  onSubmit,
  onCancel,
}: {
  title: string;
  initial: string;
  submitLabel: string;
  error: string | null;
  onSubmit(name: string): void;
  onCancel(): void;
}) {
  const t = useT();
  const [name, setName] = useState(initial);
  return (
    <ModalDialog title={title} onCancel={onCancel} testId="name-dialog">
      <form
        method="dialog"
        className="stack"
        onSubmit={(event) => {
          event.preventDefault();
          if (name.trim()) onSubmit(name.trim());
        }}>
        <Field
          label={t('flows.create.name')}
          value={name}
          maxLength={200}
          required
          autoFocus
          error={error}
          onChange={(event) => setName(event.target.value)}
          data-testid="flow-name-input"
        />
        <div className="dialog-actions">
          <button type="button" className="button-secondary" onClick={onCancel}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="button-primary" disabled={!name.trim()}>
            {submitLabel}
          </button>
        </div>
      </form>
    </ModalDialog>
  );
}
