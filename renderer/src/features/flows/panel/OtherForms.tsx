// The forms of the simpler blocks: set variable, AI reply, HTTP request, handoff, wait, jump, end.
import { DELAY_MAX_SECONDS, HTTP_METHODS, HTTP_TIMEOUT_MAX_MS, type BlockOf } from '#shared/flows/blocks.js';
import { isSecretHeader } from '#shared/flows/secretHeaders.js';
import { TEXT_BODY_MAX } from '#shared/whatsapp/limits.js';
import { useQuery } from '@tanstack/react-query';
import { api } from '#renderer/api/api';
import { useT } from '#renderer/i18n/useI18n';
import { useEditor } from '../editor/EditorContext';
import { CheckField, ListEditor, NumberField, SelectField, TextField, VariableField } from './FormFields';
import type { BlockFormProps } from './formTypes';

type Assignment = BlockOf<'set_variable'>['data']['assignments'][number];

export function SetVariableForm({ block, change, variables }: BlockFormProps<'set_variable'>) {
  const t = useT();
  return (
    <ListEditor
      legend={t('flows.field.assignments')}
      items={block.data.assignments}
      addLabel={t('flows.field.addAssignment')}
      make={(): Assignment => ({ kind: 'text', variable: '', text: '' })}
      onChange={(assignments) => change('assignments', { ...block, data: { assignments } })}
      render={(item, _index, set) => (
        <>
          <VariableField
            label={t('flows.field.assignVariable')}
            value={item.variable}
            variables={variables}
            required
            onChange={(variable) => set({ ...item, variable })}
          />
          <SelectField
            label={t('flows.field.assignKind')}
            value={item.kind}
            options={[
              { value: 'text', label: t('flows.field.assignKind.text') },
              { value: 'expression', label: t('flows.field.assignKind.expression') },
            ]}
            onChange={(kind) =>
              set(
                kind === 'text'
                  ? { kind, variable: item.variable, text: item.kind === 'text' ? item.text : item.expression }
                  : { kind, variable: item.variable, expression: item.kind === 'text' ? item.text : item.expression },
              )
            }
          />
          <TextField
            label={t('flows.field.assignValue')}
            value={item.kind === 'text' ? item.text : item.expression}
            variables={item.kind === 'text' ? variables : undefined}
            onChange={(value) => set(item.kind === 'text' ? { ...item, text: value } : { ...item, expression: value })}
          />
        </>
      )}
    />
  );
}

export function AiReplyForm({ block, change, variables }: BlockFormProps<'ai_reply'>) {
  const t = useT();
  const data = block.data;
  return (
    <>
      <TextField
        label={t('flows.field.prompt')}
        value={data.prompt}
        required
        multiline
        variables={variables}
        onChange={(prompt) => change('prompt', { ...block, data: { ...data, prompt } })}
      />
      <CheckField
        label={t('flows.field.useKnowledgeBase')}
        checked={data.useKnowledgeBase}
        onChange={(useKnowledgeBase) => change('kb', { ...block, data: { ...data, useKnowledgeBase } })}
      />
      <CheckField
        label={t('flows.field.sendAnswer')}
        checked={data.sendAnswer}
        onChange={(sendAnswer) => change('send', { ...block, data: { ...data, sendAnswer } })}
      />
      <VariableField
        label={t('flows.field.saveAnswerAs')}
        value={data.saveAs ?? ''}
        variables={variables}
        onChange={(saveAs) => change('saveAs', { ...block, data: { ...data, saveAs: saveAs || undefined } })}
      />
    </>
  );
}

export function HttpRequestForm({ block, change, variables }: BlockFormProps<'http_request'>) {
  const t = useT();
  const data = block.data;
  const set = (field: string, next: Partial<typeof data>) => change(field, { ...block, data: { ...data, ...next } });
  return (
    <>
      <SelectField
        label={t('flows.field.method')}
        value={data.method}
        options={HTTP_METHODS.map((value) => ({ value, label: value }))}
        onChange={(method) => set('method', { method })}
      />
      <TextField label={t('flows.field.url')} value={data.url} required variables={variables} onChange={(url) => set('url', { url })} />
      <ListEditor
        legend={t('flows.field.headers')}
        items={data.headers}
        addLabel={t('flows.field.addHeader')}
        make={(): (typeof data.headers)[number] => ({ name: '', value: '' })}
        onChange={(headers) => set('headers', { headers })}
        render={(header, _index, setHeader) => (
          <>
            <TextField label={t('flows.field.headerName')} value={header.name} required onChange={(name) => setHeader({ ...header, name })} />
            {/* A credential's value never comes back from the server: the field shows whether one is set, typing replaces it. */}
            {isSecretHeader(header) ? (
              <TextField
                label={t('flows.field.headerValue')}
                value={header.value}
                testId="header-secret-value"
                placeholder={t(header.isSet ? 'flows.field.headerSecretSet' : 'flows.field.headerSecretUnset')}
                onChange={(value) => setHeader({ ...header, value })}
              />
            ) : (
              <TextField label={t('flows.field.headerValue')} value={header.value} onChange={(value) => setHeader({ ...header, value })} />
            )}
            <CheckField label={t('flows.field.headerSecret')} checked={isSecretHeader(header)} onChange={(secret) => setHeader({ ...header, secret })} />
          </>
        )}
      />
      {data.method !== 'GET' && (
        <TextField label={t('flows.field.body')} value={data.body ?? ''} multiline variables={variables} onChange={(body) => set('body', { body })} />
      )}
      <NumberField
        label={t('flows.field.timeout')}
        value={data.timeoutMs}
        min={100}
        max={HTTP_TIMEOUT_MAX_MS}
        onChange={(timeoutMs) => set('timeout', { timeoutMs })}
      />
      <ListEditor
        legend={t('flows.field.mapping')}
        items={data.responseMapping}
        addLabel={t('flows.field.addMapping')}
        make={() => ({ path: '', variable: '' })}
        onChange={(responseMapping) => set('mapping', { responseMapping })}
        render={(mapping, _index, setMapping) => (
          <>
            <TextField label={t('flows.field.mappingPath')} value={mapping.path} onChange={(path) => setMapping({ ...mapping, path })} />
            <VariableField
              label={t('flows.field.mappingVariable')}
              value={mapping.variable}
              variables={variables}
              required
              onChange={(variable) => setMapping({ ...mapping, variable })}
            />
          </>
        )}
      />
      <VariableField
        label={t('flows.field.statusVariable')}
        value={data.statusVariable ?? ''}
        variables={variables}
        onChange={(statusVariable) => set('status', { statusVariable: statusVariable || undefined })}
      />
    </>
  );
}

export function HandoffForm({ block, change, variables }: BlockFormProps<'handoff'>) {
  const t = useT();
  // The client's teams (the handoff joins the named team's queue; none: the number's default team).
  const teams = useQuery({ queryKey: ['teams', 'list', null], queryFn: () => api().teams.list.query({}) });
  const teamId = block.data.teamId ?? '';
  return (
    <>
      <TextField
        label={t('flows.field.handoffMessage')}
        value={block.data.message ?? ''}
        max={TEXT_BODY_MAX}
        multiline
        variables={variables}
        onChange={(message) => change('message', { ...block, data: { ...block.data, message: message || undefined } })}
      />
      <SelectField
        label={t('flows.field.handoffTeam')}
        value={teamId}
        options={[
          { value: '', label: t('flows.field.handoffDefaultTeam') },
          ...(teams.data ?? []).map((team) => ({ value: team.id, label: team.name })),
          // A team deleted since (or not loaded yet) stays selectable as it is.
          ...(teamId && !teams.data?.some((team) => team.id === teamId) ? [{ value: teamId, label: t('flows.field.handoffUnknownTeam') }] : []),
        ]}
        onChange={(next) => change('teamId', { ...block, data: { ...block.data, teamId: next || undefined } })}
      />
    </>
  );
}

export function DelayForm({ block, change }: BlockFormProps<'delay'>) {
  const t = useT();
  return (
    <NumberField
      label={t('flows.field.seconds')}
      value={block.data.seconds}
      min={1}
      max={DELAY_MAX_SECONDS}
      onChange={(seconds) => change('seconds', { ...block, data: { seconds } })}
    />
  );
}

export function JumpForm({ block, change, flows }: BlockFormProps<'jump'> & { flows: { id: string; name: string }[] }) {
  const t = useT();
  const blocks = useEditor((state) => state.doc.blocks);
  const target = block.data.target;
  return (
    <>
      <SelectField
        label={t('flows.field.jumpKind')}
        value={target.kind}
        options={[
          { value: 'block', label: t('flows.field.jumpKind.block') },
          { value: 'flow', label: t('flows.field.jumpKind.flow') },
        ]}
        onChange={(kind) => change('kind', { ...block, data: { target: kind === 'block' ? { kind, blockId: '' } : { kind, flowId: '' } } })}
      />
      {target.kind === 'block' ? (
        <SelectField
          label={t('flows.field.jumpBlock')}
          value={target.blockId}
          options={[
            { value: '', label: t('flows.field.choose') },
            ...blocks
              .filter((other) => other.id !== block.id)
              .map((other) => ({ value: other.id, label: `${other.label || t(`flows.block.${other.type}`)} · ${other.id}` })),
          ]}
          onChange={(blockId) => change('target', { ...block, data: { target: { kind: 'block', blockId } } })}
        />
      ) : (
        <SelectField
          label={t('flows.field.jumpFlow')}
          value={target.flowId}
          options={[{ value: '', label: t('flows.field.choose') }, ...flows.map((flow) => ({ value: flow.id, label: flow.name }))]}
          onChange={(flowId) => change('target', { ...block, data: { target: { kind: 'flow', flowId } } })}
        />
      )}
    </>
  );
}

export function EndForm({ block, change, variables }: BlockFormProps<'end'>) {
  const t = useT();
  return (
    <>
      <SelectField
        label={t('flows.field.then')}
        value={block.data.then}
        options={[
          { value: 'bot', label: t('flows.field.then.bot') },
          { value: 'close', label: t('flows.field.then.close') },
        ]}
        onChange={(then) => change('then', { ...block, data: { ...block.data, then } })}
      />
      <TextField
        label={t('flows.field.endMessage')}
        value={block.data.message ?? ''}
        max={TEXT_BODY_MAX}
        multiline
        variables={variables}
        onChange={(message) => change('message', { ...block, data: { ...block.data, message: message || undefined } })}
      />
    </>
  );
}
