// A read-only value to paste elsewhere (Meta's console), with a copy button.
import { useId, useState } from 'react';
import { useT } from '#renderer/i18n/useI18n';

export function CopyField({ label, value, testId }: { label: string; value: string; testId: string }) {
  const t = useT();
  const id = useId();
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    // The clipboard API needs a secure context (https or localhost); elsewhere the field stays selectable.
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
      setTimeout(() => setCopied(false), 2000);
    } catch {
      (document.getElementById(id) as HTMLInputElement | null)?.select();
    }
  };
  return (
    <div className="row copy-field">
      <div className="field grow">
        <label htmlFor={id}>{label}</label>
        <input id={id} className="mono" readOnly value={value} data-testid={testId} onFocus={(event) => event.target.select()} />
      </div>
      <button type="button" className="button-secondary" onClick={() => void copy()}>
        {copied ? t('whatsappConnection.copied') : t('whatsappConnection.copy')}
      </button>
    </div>
  );
}
