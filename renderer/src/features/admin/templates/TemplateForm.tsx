// Writing a new message template: name, language, category, an optional text header, the body with
// an example for each {{n}}, an optional footer and up to ten buttons (quick reply, link, call),
// with a preview of the message as the customer will see it. Submitted to Meta for review.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api } from '#renderer/api/api';
import type { MessageKey } from '#renderer/i18n/catalog';
import { useT, type Translate } from '#renderer/i18n/useI18n';
import { ErrorNotice } from '#renderer/ui/ErrorNotice';
import { Field } from '#renderer/ui/Field';
import { useAdminClient } from '../useAdminClient';
import {
  draftComponents,
  draftProblems,
  emptyDraft,
  placeholderCount,
  TEMPLATE_LIMITS,
  type ButtonKind,
  type DraftProblem,
  type TemplateDraft,
} from './templateDraft';
import { TemplatePreview } from './TemplatePreview';

const CATEGORIES = ['UTILITY', 'MARKETING', 'AUTHENTICATION'] as const;
const BUTTON_KINDS: ButtonKind[] = ['QUICK_REPLY', 'URL', 'PHONE_NUMBER'];

export function TemplateForm({ onCreated }: { onCreated(name: string): void }) {
  const t = useT();
  const { input } = useAdminClient();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<TemplateDraft>(emptyDraft);
  const [tried, setTried] = useState(false);
  const problems = draftProblems(draft);
  const create = useMutation({
    mutationFn: () =>
      api().whatsapp.templates.create.mutate({
        ...input,
        name: draft.name,
        language: draft.language,
        category: draft.category,
        components: draftComponents(draft),
      }),
    onSuccess: async (created) => {
      onCreated(created.name);
      setDraft(emptyDraft());
      setTried(false);
      await queryClient.invalidateQueries({ queryKey: ['whatsapp', 'templates'] });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (problems.length === 0) create.mutate();
  };
  const change = (changes: Partial<TemplateDraft>) => setDraft((current) => ({ ...current, ...changes }));
  const bodyCount = placeholderCount(draft.body);
  const headerHasVariable = placeholderCount(draft.header) === 1;
  const setButton = (index: number, changes: Partial<TemplateDraft['buttons'][number]>) =>
    change({ buttons: draft.buttons.map((button, at) => (at === index ? { ...button, ...changes } : button)) });

  return (
    <form className="card stack" onSubmit={submit} aria-labelledby="template-new-title" noValidate>
      <h2 id="template-new-title">{t('admin.templates.new')}</h2>
      <div className="template-editor">
        <div className="stack grow">
          <div className="row">
            <Field
              label={t('admin.templates.name')}
              value={draft.name}
              hint={t('admin.templates.nameHint')}
              onChange={(event) => change({ name: event.target.value })}
              required
            />
            <Field
              label={t('admin.templates.language')}
              value={draft.language}
              list="template-languages"
              onChange={(event) => change({ language: event.target.value })}
              required
            />
            <datalist id="template-languages">
              {['pt_BR', 'en_US', 'es', 'es_MX', 'en'].map((code) => (
                <option key={code} value={code} />
              ))}
            </datalist>
            <div className="field">
              <label htmlFor="template-category">{t('admin.templates.category')}</label>
              <select id="template-category" value={draft.category} onChange={(event) => change({ category: event.target.value as TemplateDraft['category'] })}>
                {CATEGORIES.map((category) => (
                  <option key={category} value={category}>
                    {t(`admin.templates.category.${category}` as MessageKey)}
                  </option>
                ))}
              </select>
            </div>
          </div>
          <div className="row">
            <Field
              label={t('admin.templates.header')}
              value={draft.header}
              maxLength={TEMPLATE_LIMITS.header}
              hint={t('admin.templates.headerHint')}
              onChange={(event) => change({ header: event.target.value })}
            />
            {headerHasVariable && (
              <Field
                label={t('admin.templates.headerExample')}
                value={draft.headerExample}
                onChange={(event) => change({ headerExample: event.target.value })}
              />
            )}
          </div>
          <div className="field">
            <label htmlFor="template-body">{t('admin.templates.body')}</label>
            <textarea
              id="template-body"
              rows={5}
              value={draft.body}
              maxLength={TEMPLATE_LIMITS.body}
              aria-describedby="template-body-hint"
              onChange={(event) => change({ body: event.target.value })}
            />
            <p id="template-body-hint" className="field-hint">
              {t('admin.templates.bodyHint', { used: draft.body.length, max: TEMPLATE_LIMITS.body })}
            </p>
          </div>
          {bodyCount > 0 && (
            <div className="row" data-testid="template-examples">
              {Array.from({ length: bodyCount }, (_, index) => (
                <Field
                  key={index}
                  label={t('admin.templates.example', { index: index + 1 })}
                  value={draft.bodyExamples[index] ?? ''}
                  onChange={(event) => {
                    const examples = [...draft.bodyExamples];
                    examples[index] = event.target.value;
                    change({ bodyExamples: examples });
                  }}
                />
              ))}
            </div>
          )}
          <Field
            label={t('admin.templates.footer')}
            value={draft.footer}
            maxLength={TEMPLATE_LIMITS.footer}
            onChange={(event) => change({ footer: event.target.value })}
          />
          <fieldset className="stack template-buttons">
            <legend>{t('admin.templates.buttons')}</legend>
            {draft.buttons.map((button, index) => (
              <div key={index} className="row" data-testid="template-button">
                <div className="field">
                  <label htmlFor={`template-button-kind-${index}`}>{t('admin.templates.buttonKind', { index: index + 1 })}</label>
                  <select
                    id={`template-button-kind-${index}`}
                    value={button.kind}
                    onChange={(event) => setButton(index, { kind: event.target.value as ButtonKind })}>
                    {BUTTON_KINDS.map((kind) => (
                      <option key={kind} value={kind}>
                        {t(`admin.templates.button.${kind}` as MessageKey)}
                      </option>
                    ))}
                  </select>
                </div>
                <Field
                  label={t('admin.templates.buttonText', { index: index + 1 })}
                  value={button.text}
                  maxLength={TEMPLATE_LIMITS.buttonText}
                  onChange={(event) => setButton(index, { text: event.target.value })}
                />
                {button.kind === 'URL' && (
                  <Field
                    label={t('admin.templates.buttonUrl', { index: index + 1 })}
                    type="url"
                    value={button.url}
                    onChange={(event) => setButton(index, { url: event.target.value })}
                  />
                )}
                {button.kind === 'PHONE_NUMBER' && (
                  <Field
                    label={t('admin.templates.buttonPhone', { index: index + 1 })}
                    type="tel"
                    value={button.phone}
                    onChange={(event) => setButton(index, { phone: event.target.value })}
                  />
                )}
                <button type="button" className="button-secondary" onClick={() => change({ buttons: draft.buttons.filter((_, at) => at !== index) })}>
                  {t('admin.templates.removeButton', { index: index + 1 })}
                </button>
              </div>
            ))}
            {draft.buttons.length < TEMPLATE_LIMITS.buttons && (
              <div>
                <button
                  type="button"
                  className="button-secondary"
                  onClick={() => change({ buttons: [...draft.buttons, { kind: 'QUICK_REPLY', text: '', url: '', phone: '' }] })}>
                  {t('admin.templates.addButton')}
                </button>
              </div>
            )}
          </fieldset>
        </div>
        <TemplatePreview
          header={draft.header}
          headerExample={draft.headerExample}
          body={draft.body}
          examples={draft.bodyExamples}
          footer={draft.footer}
          buttons={draft.buttons.map((button) => button.text)}
        />
      </div>
      {tried && problems.length > 0 && (
        <ul className="notice notice-error stack plain-list" role="alert" data-testid="template-problems">
          {problems.map((problem, index) => (
            <li key={index}>{problemText(t, problem)}</li>
          ))}
        </ul>
      )}
      {create.isError && <ErrorNotice error={create.error} />}
      <div className="row">
        <button type="submit" className="button-primary" disabled={create.isPending}>
          {t('admin.templates.submit')}
        </button>
      </div>
    </form>
  );
}

function problemText(t: Translate, problem: DraftProblem): string {
  switch (problem.code) {
    case 'tooLong':
      return t('admin.templates.problem.tooLong', { part: t(`admin.templates.${problem.part}` as MessageKey), max: problem.max });
    case 'placeholders':
      return t('admin.templates.problem.placeholders', { part: t(`admin.templates.${problem.part}` as MessageKey) });
    case 'example':
      return t('admin.templates.problem.example', { part: t(`admin.templates.${problem.part}` as MessageKey), index: problem.index });
    case 'tooManyButtons':
      return t('admin.templates.problem.tooManyButtons', { max: problem.max });
    case 'buttonText':
      return t('admin.templates.problem.buttonText', { index: problem.index, max: problem.max });
    case 'buttonUrl':
      return t('admin.templates.problem.buttonUrl', { index: problem.index });
    case 'buttonPhone':
      return t('admin.templates.problem.buttonPhone', { index: problem.index });
    default:
      return t(`admin.templates.problem.${problem.code}` as MessageKey);
  }
}
