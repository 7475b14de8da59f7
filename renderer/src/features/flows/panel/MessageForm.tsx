import { MEDIA_TYPES } from '#shared/flows/blocks.js';
import { MEDIA_CAPTION_MAX, TEXT_BODY_MAX } from '#shared/whatsapp/limits.js';
import { useT } from '#renderer/i18n/useI18n';
import { SelectField, TextField } from './FormFields';
import type { BlockFormProps } from './formTypes';

export function MessageForm({ block, change, variables }: BlockFormProps<'message'>) {
  const t = useT();
  const data = block.data;
  return (
    <>
      <SelectField
        label={t('flows.field.kind')}
        value={data.kind}
        options={[
          { value: 'text', label: t('flows.field.kind.text') },
          { value: 'media', label: t('flows.field.kind.media') },
        ]}
        onChange={(kind) =>
          change('kind', {
            ...block,
            data:
              kind === 'text'
                ? { kind: 'text', text: data.kind === 'media' ? (data.caption ?? '') : data.text }
                : { kind: 'media', mediaType: 'image', url: '', caption: data.kind === 'text' ? data.text : '' },
          })
        }
      />
      {data.kind === 'text' ? (
        <TextField
          label={t('flows.field.text')}
          value={data.text}
          max={TEXT_BODY_MAX}
          required
          multiline
          variables={variables}
          testId="field-message-text"
          onChange={(text) => change('text', { ...block, data: { ...data, text } })}
        />
      ) : (
        <>
          <SelectField
            label={t('flows.field.mediaType')}
            value={data.mediaType}
            options={MEDIA_TYPES.map((value) => ({ value, label: value }))}
            onChange={(mediaType) => change('mediaType', { ...block, data: { ...data, mediaType } })}
          />
          <TextField label={t('flows.field.url')} value={data.url} required onChange={(url) => change('url', { ...block, data: { ...data, url } })} />
          {data.mediaType !== 'audio' && (
            <TextField
              label={t('flows.field.caption')}
              value={data.caption ?? ''}
              max={MEDIA_CAPTION_MAX}
              multiline
              variables={variables}
              onChange={(caption) => change('caption', { ...block, data: { ...data, caption } })}
            />
          )}
          {data.mediaType === 'document' && (
            <TextField
              label={t('flows.field.filename')}
              value={data.filename ?? ''}
              onChange={(filename) => change('filename', { ...block, data: { ...data, filename } })}
            />
          )}
        </>
      )}
    </>
  );
}
