// The bot's configuration as a form: persona, model and fallbacks in order, temperature, answer
// length, memory, greeting, fallback / hand-off / paused messages, hand-off keywords and business
// facts. Checked in the browser with the schema the server enforces (shared/bot), so each field
// shows its own error in the reader's language before anything is sent.
import { useQuery, useQueryClient } from '@tanstack/react-query';

import { BUILTIN_AI_TOOLS, botConfigurationSchema, type BotConfiguration, type BuiltinAiTool } from '#shared/bot/botConfiguration.js';
import { api } from '#renderer/api/api';
import { useT } from '#renderer/i18n/useI18n';
import { ErrorNotice } from '#renderer/ui/ErrorNotice';
import { Field } from '#renderer/ui/Field';
import { useAdminClient } from '../admin/useAdminClient';
import { FallbackChainEditor } from './FallbackChainEditor';
import { lines, numberOrNull } from './fieldErrors';
import { SaveRow } from './SaveRow';
import { TextArea } from './TextArea';
import { useSettingsDraft } from './useSettingsDraft';

type Draft = {
  systemPrompt: string;
  formatterPrompt: string;
  model: string;
  fallbackModels: string[];
  temperature: string;
  maxTokens: string;
  historyLimit: string;
  greeting: string;
  failureMessage: string;
  handoffMessage: string;
  pausedMessage: string;
  handoffKeywords: string;
  debounceSeconds: string;
  maxRepliesPerHour: string;
  maxToolSteps: string;
  tools: BuiltinAiTool[];
  facts: Array<{ name: string; value: string }>;
};

const draftOf = (config: BotConfiguration): Draft => ({
  systemPrompt: config.systemPrompt ?? '',
  formatterPrompt: config.formatterPrompt ?? '',
  model: config.model ?? '',
  fallbackModels: config.fallbackModels,
  temperature: config.temperature === null ? '' : String(config.temperature),
  maxTokens: config.maxTokens === null ? '' : String(config.maxTokens),
  historyLimit: String(config.historyLimit),
  greeting: config.greeting ?? '',
  failureMessage: config.failureMessage ?? '',
  handoffMessage: config.handoffMessage ?? '',
  pausedMessage: config.pausedMessage ?? '',
  handoffKeywords: config.handoffKeywords.join('\n'),
  debounceSeconds: config.debounceSeconds === null ? '' : String(config.debounceSeconds),
  maxRepliesPerHour: String(config.maxRepliesPerHour),
  maxToolSteps: String(config.maxToolSteps),
  tools: config.tools,
  facts: config.facts,
});

const valuesOf = (draft: Draft) => ({
  systemPrompt: draft.systemPrompt,
  formatterPrompt: draft.formatterPrompt,
  model: draft.model.trim() || null,
  fallbackModels: draft.fallbackModels,
  temperature: numberOrNull(draft.temperature),
  maxTokens: numberOrNull(draft.maxTokens),
  historyLimit: numberOrNull(draft.historyLimit) ?? Number.NaN,
  greeting: draft.greeting,
  failureMessage: draft.failureMessage,
  handoffMessage: draft.handoffMessage,
  pausedMessage: draft.pausedMessage,
  handoffKeywords: lines(draft.handoffKeywords),
  debounceSeconds: numberOrNull(draft.debounceSeconds),
  maxRepliesPerHour: numberOrNull(draft.maxRepliesPerHour) ?? Number.NaN,
  maxToolSteps: numberOrNull(draft.maxToolSteps) ?? Number.NaN,
  tools: draft.tools,
  facts: draft.facts.filter((fact) => fact.name.trim() || fact.value.trim()),
});

export function BotSettingsForm() {
  const t = useT();
  const { input, clientId } = useAdminClient();
  const queryClient = useQueryClient();
  const key = ['bot', 'settings', clientId];
  const settings = useQuery({ queryKey: key, queryFn: () => api().bot.settings.query(input) });
  const models = useQuery({ queryKey: ['gateway', 'models', clientId], queryFn: () => api().gateway.models.query() });
  const { draft, change, errors, saved, submit, save } = useSettingsDraft({
    ready: settings.isSuccess,
    source: settings.data,
    toDraft: (source) => draftOf(source!),
    parse: (current: Draft) => botConfigurationSchema.safeParse(valuesOf(current)),
    save: (values: BotConfiguration) => api().bot.updateSettings.mutate({ ...input, ...values }),
    onSaved: (config) => queryClient.setQueryData(key, config),
  });
  if (settings.isPending) return <p>{t('common.loading')}</p>;
  if (settings.isError) return <ErrorNotice error={settings.error} onRetry={() => void settings.refetch()} />;
  if (!draft) return null;

  const text = (name: keyof Draft & string, label: string, hint?: string) => (
    <Field label={label} hint={hint} value={draft[name] as string} error={errors[name]} onChange={(event) => change({ [name]: event.target.value })} />
  );
  const area = (name: keyof Draft & string, label: string, hint?: string, rows = 3) => (
    <TextArea label={label} hint={hint} rows={rows} value={draft[name] as string} error={errors[name]} onChange={(value) => change({ [name]: value })} />
  );
  // Chat models only (the registry's capabilities say what else a model serves), for suggestions.
  const chatModels = (models.data ?? []).filter(
    ({ capabilities: caps }) => caps.chat !== false && caps.embeddings !== true && caps.transcription !== true && caps.speech !== true,
  );
  return (
    <form className="card stack" onSubmit={submit} aria-label={t('botSettings.title')} noValidate>
      <h2>{t('botSettings.title')}</h2>
      {Object.keys(errors).length > 0 && (
        <p className="field-error" role="alert">
          {t('settingsForms.fixErrors')}
        </p>
      )}
      <h3>{t('botSettings.persona')}</h3>
      {area('systemPrompt', t('botSettings.systemPrompt'), undefined, 6)}
      {area('formatterPrompt', t('botSettings.formatterPrompt'))}

      <h3>{t('botSettings.models')}</h3>
      <datalist id="bot-chat-models">
        {chatModels.map((model) => (
          <option key={model.gatewayIdentifier} value={model.gatewayIdentifier} />
        ))}
      </datalist>
      <div className="row">
        <Field
          label={t('botSettings.model')}
          hint={t('botSettings.modelHint')}
          list="bot-chat-models"
          value={draft.model}
          error={errors.model}
          onChange={(event) => change({ model: event.target.value })}
        />
        {text('temperature', t('botSettings.temperature'), t('botSettings.defaultHint'))}
        {text('maxTokens', t('botSettings.maxTokens'), t('botSettings.defaultHint'))}
        {text('historyLimit', t('botSettings.historyLimit'))}
      </div>
      <FallbackChainEditor
        chain={draft.fallbackModels}
        models={chatModels.map((model) => model.gatewayIdentifier)}
        error={errors.fallbackModels}
        onChange={(fallbackModels) => change({ fallbackModels })}
      />
      <p className="muted small">{t('botSettings.knowledgeHint')}</p>

      <h3>{t('botSettings.messages')}</h3>
      {area('greeting', t('botSettings.greeting'), undefined, 2)}
      {area('failureMessage', t('botSettings.failureMessage'), t('botSettings.defaultHint'), 2)}
      {area('handoffMessage', t('botSettings.handoffMessage'), t('botSettings.defaultHint'), 2)}
      {area('pausedMessage', t('botSettings.pausedMessage'), t('botSettings.defaultHint'), 2)}
      {area('handoffKeywords', t('botSettings.handoffKeywords'), t('botSettings.handoffHint'))}

      <h3>{t('botSettings.agent')}</h3>
      <div className="row">
        {text('debounceSeconds', t('botSettings.debounceSeconds'), t('botSettings.debounceHint'))}
        {text('maxRepliesPerHour', t('botSettings.maxRepliesPerHour'), t('botSettings.maxRepliesHint'))}
        {text('maxToolSteps', t('botSettings.maxToolSteps'))}
      </div>
      <fieldset className="stack">
        <legend>{t('botSettings.tools')}</legend>
        {errors.tools && <p className="field-error">{errors.tools}</p>}
        {BUILTIN_AI_TOOLS.map((tool) => (
          <label className="checkbox" key={tool}>
            <input
              type="checkbox"
              checked={draft.tools.includes(tool)}
              onChange={(event) => change({ tools: event.target.checked ? [...draft.tools, tool] : draft.tools.filter((name) => name !== tool) })}
            />{' '}
            {t(`botSettings.tool.${tool}`)}
          </label>
        ))}
      </fieldset>

      <fieldset className="stack">
        <legend>{t('botSettings.facts')}</legend>
        {errors.facts && <p className="field-error">{errors.facts}</p>}
        {draft.facts.map((fact, index) => (
          <div className="row" key={index}>
            <Field
              label={t('botSettings.factName')}
              value={fact.name}
              onChange={(event) => change({ facts: draft.facts.map((item, at) => (at === index ? { ...item, name: event.target.value } : item)) })}
            />
            <Field
              label={t('botSettings.factValue')}
              value={fact.value}
              onChange={(event) => change({ facts: draft.facts.map((item, at) => (at === index ? { ...item, value: event.target.value } : item)) })}
            />
            <button
              type="button"
              className="button-link"
              aria-label={t('botSettings.removeFact', { name: fact.name })}
              onClick={() => change({ facts: draft.facts.filter((_, at) => at !== index) })}>
              {t('common.remove')}
            </button>
          </div>
        ))}
        <div>
          <button type="button" onClick={() => change({ facts: [...draft.facts, { name: '', value: '' }] })}>
            {t('botSettings.addFact')}
          </button>
        </div>
      </fieldset>

      <SaveRow save={save} saved={saved} />
    </form>
  );
}
