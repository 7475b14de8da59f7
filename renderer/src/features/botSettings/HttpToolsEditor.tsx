// The client's HTTP tools for its AI (aiTools.*): a list with edit and delete, and a form for one
// tool (name, description, method, URL template, timeout, parameters as a JSON Schema, headers).
// Checked in the browser with the schema the server enforces (shared/bot/aiHttpTool.ts). Header
// values never come back from the server: a stored one shows as such, and left empty it is kept.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { HTTP_TOOL_METHODS, httpToolInput, type HttpToolInput, type HttpToolView } from '#shared/bot/aiHttpTool.js';
import { api } from '#renderer/api/api';
import { useT } from '#renderer/i18n/useI18n';
import { ErrorNotice } from '#renderer/ui/ErrorNotice';
import { Field } from '#renderer/ui/Field';
import { useAdminClient } from '../admin/useAdminClient';
import { fieldErrors, type FieldErrors } from './fieldErrors';
import { TextArea } from './TextArea';

type Draft = {
  id?: string;
  name: string;
  description: string;
  method: HttpToolInput['method'];
  urlTemplate: string;
  timeoutMs: string;
  parameters: string;
  headers: Array<{ name: string; value: string; stored: boolean }>;
  isActive: boolean;
};

const EMPTY_PARAMETERS = JSON.stringify({ type: 'object', properties: {}, required: [] }, null, 2);
const blank = (): Draft => ({
  name: '',
  description: '',
  method: 'GET',
  urlTemplate: 'https://',
  timeoutMs: '10000',
  parameters: EMPTY_PARAMETERS,
  headers: [],
  isActive: true,
});
const draftOf = (tool: HttpToolView): Draft => ({
  id: tool.id,
  name: tool.name,
  description: tool.description,
  method: tool.method,
  urlTemplate: tool.urlTemplate,
  timeoutMs: String(tool.timeoutMs),
  parameters: JSON.stringify(tool.parameters, null, 2),
  headers: tool.headers.map((header) => ({ name: header.name, value: '', stored: header.isSet })),
  isActive: tool.isActive,
});

export function HttpToolsEditor() {
  const t = useT();
  const { input, clientId } = useAdminClient();
  const queryClient = useQueryClient();
  const key = ['aiTools', 'list', clientId];
  const tools = useQuery({ queryKey: key, queryFn: () => api().aiTools.list.query(input) });
  const [draft, setDraft] = useState<Draft | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const save = useMutation({
    mutationFn: (tool: HttpToolInput) => api().aiTools.save.mutate({ ...input, ...tool }),
    onSuccess: () => {
      setDraft(null);
      void queryClient.invalidateQueries({ queryKey: key });
    },
  });
  const remove = useMutation({
    mutationFn: (id: string) => api().aiTools.delete.mutate({ ...input, id }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: key }),
  });

  if (tools.isPending) return <p>{t('common.loading')}</p>;
  if (tools.isError) return <ErrorNotice error={tools.error} onRetry={() => void tools.refetch()} />;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!draft) return;
    let parameters: unknown;
    try {
      parameters = JSON.parse(draft.parameters);
    } catch {
      setErrors({ parameters: t('httpTools.parametersInvalid') });
      return;
    }
    const parsed = httpToolInput.safeParse({
      ...(draft.id ? { id: draft.id } : {}),
      name: draft.name.trim(),
      description: draft.description,
      method: draft.method,
      urlTemplate: draft.urlTemplate,
      timeoutMs: Number(draft.timeoutMs),
      parameters,
      headers: draft.headers.filter((header) => header.name.trim()).map((header) => ({ name: header.name.trim(), value: header.value })),
      isActive: draft.isActive,
    });
    if (!parsed.success) {
      setErrors(fieldErrors(parsed.error, t));
      return;
    }
    setErrors({});
    save.mutate(parsed.data);
  };
  const change = (patch: Partial<Draft>) => setDraft(draft ? { ...draft, ...patch } : draft);

  return (
    <section className="card stack" aria-label={t('httpTools.title')}>
      <h2>{t('httpTools.title')}</h2>
      <p className="muted small">{t('httpTools.intro')}</p>
      {tools.data.length === 0 ? (
        <p className="muted">{t('httpTools.none')}</p>
      ) : (
        <ul className="stack" aria-label={t('httpTools.title')}>
          {tools.data.map((tool) => (
            <li key={tool.id} className="row">
              <strong>{tool.name}</strong>
              <span className="muted small">
                {tool.method} {tool.urlTemplate}
                {tool.isActive ? '' : ` (${t('httpTools.inactive')})`}
              </span>
              <button type="button" className="button-link" aria-label={t('httpTools.edit', { name: tool.name })} onClick={() => setDraft(draftOf(tool))}>
                {t('httpTools.editButton')}
              </button>
              <button
                type="button"
                className="button-link"
                aria-label={t('httpTools.delete', { name: tool.name })}
                onClick={() => {
                  if (window.confirm(t('httpTools.confirmDelete', { name: tool.name }))) remove.mutate(tool.id);
                }}>
                {t('common.remove')}
              </button>
            </li>
          ))}
        </ul>
      )}
      {remove.isError && <ErrorNotice error={remove.error} />}
      {!draft && (
        <div>
          <button type="button" onClick={() => (setErrors({}), setDraft(blank()))}>
            {t('httpTools.add')}
          </button>
        </div>
      )}
      {draft && (
        <form className="stack" onSubmit={submit} aria-label={draft.id ? t('httpTools.edit', { name: draft.name }) : t('httpTools.add')} noValidate>
          {Object.keys(errors).length > 0 && (
            <p className="field-error" role="alert">
              {t('settingsForms.fixErrors')}
            </p>
          )}
          <div className="row">
            <Field label={t('httpTools.name')} value={draft.name} error={errors.name} onChange={(event) => change({ name: event.target.value })} />
            <div className="field">
              <label htmlFor="http-tool-method">{t('httpTools.method')}</label>
              <select id="http-tool-method" value={draft.method} onChange={(event) => change({ method: event.target.value as Draft['method'] })}>
                {HTTP_TOOL_METHODS.map((method) => (
                  <option key={method} value={method}>
                    {method}
                  </option>
                ))}
              </select>
            </div>
            <Field
              label={t('httpTools.timeout')}
              value={draft.timeoutMs}
              error={errors.timeoutMs}
              onChange={(event) => change({ timeoutMs: event.target.value })}
            />
          </div>
          <TextArea
            label={t('httpTools.description')}
            rows={2}
            value={draft.description}
            error={errors.description}
            onChange={(description) => change({ description })}
          />
          <Field
            label={t('httpTools.url')}
            value={draft.urlTemplate}
            error={errors.urlTemplate}
            onChange={(event) => change({ urlTemplate: event.target.value })}
          />
          <TextArea
            label={t('httpTools.parameters')}
            rows={6}
            value={draft.parameters}
            error={errors.parameters}
            onChange={(parameters) => change({ parameters })}
          />
          <fieldset className="stack">
            <legend>{t('httpTools.headers')}</legend>
            {errors.headers && <p className="field-error">{errors.headers}</p>}
            {draft.headers.map((header, index) => (
              <div className="row" key={index}>
                <Field
                  label={t('httpTools.headerName')}
                  value={header.name}
                  onChange={(event) => change({ headers: draft.headers.map((item, at) => (at === index ? { ...item, name: event.target.value } : item)) })}
                />
                <Field
                  label={t('httpTools.headerValue')}
                  type="password"
                  autoComplete="off"
                  placeholder={header.stored ? t('httpTools.headerStored') : ''}
                  value={header.value}
                  onChange={(event) => change({ headers: draft.headers.map((item, at) => (at === index ? { ...item, value: event.target.value } : item)) })}
                />
                <button type="button" className="button-link" onClick={() => change({ headers: draft.headers.filter((_, at) => at !== index) })}>
                  {t('common.remove')}
                </button>
              </div>
            ))}
            <div>
              <button type="button" onClick={() => change({ headers: [...draft.headers, { name: '', value: '', stored: false }] })}>
                {t('httpTools.addHeader')}
              </button>
            </div>
          </fieldset>
          <label className="checkbox">
            <input type="checkbox" checked={draft.isActive} onChange={(event) => change({ isActive: event.target.checked })} /> {t('httpTools.active')}
          </label>
          <div className="row">
            <button type="submit" className="button-primary" disabled={save.isPending}>
              {t('common.save')}
            </button>
            <button type="button" onClick={() => setDraft(null)}>
              {t('httpTools.cancel')}
            </button>
          </div>
          {save.isError && <ErrorNotice error={save.error} />}
        </form>
      )}
    </section>
  );
}
