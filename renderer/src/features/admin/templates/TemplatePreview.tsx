// The template as the customer will see it, with each {{n}} shown as its example.
import { useT } from '#renderer/i18n/useI18n';
import { fillExamples } from './templateDraft';

type Props = { header: string; headerExample: string; body: string; examples: string[]; footer: string; buttons: string[] };

export function TemplatePreview({ header, headerExample, body, examples, footer, buttons }: Props) {
  const t = useT();
  return (
    <figure className="template-preview" aria-label={t('admin.templates.preview')} data-testid="template-preview">
      <figcaption className="muted small">{t('admin.templates.preview')}</figcaption>
      <div className="template-bubble">
        {header.trim() && <strong>{fillExamples(header.trim(), [headerExample])}</strong>}
        <p>{body.trim() ? fillExamples(body.trim(), examples) : <span className="muted">{t('admin.templates.previewEmpty')}</span>}</p>
        {footer.trim() && <p className="muted small">{footer.trim()}</p>}
      </div>
      {buttons
        .filter((text) => text.trim())
        .map((text, index) => (
          <div key={index} className="template-bubble-button">
            {text.trim()}
          </div>
        ))}
    </figure>
  );
}
