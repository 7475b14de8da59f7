// A question: its text, how the customer answers (buttons, a list, typed text), where the answer
// is saved, and what happens on invalid answers. Counters follow what WhatsApp will show: 1–3
// options are buttons (20 characters), 4–10 a list (24 characters per row).
import { TEXT_VALIDATIONS, type BlockOf, type ChoiceOption } from '#shared/flows/blocks.js';
import {
  BUTTON_TITLE_MAX,
  INTERACTIVE_BODY_MAX,
  LIST_BUTTON_TEXT_MAX,
  LIST_ROW_DESCRIPTION_MAX,
  LIST_ROW_TITLE_MAX,
  LIST_ROWS_MAX,
  LIST_SECTION_TITLE_MAX,
  LIST_SECTIONS_MAX,
  REPLY_BUTTONS_MAX,
  TEXT_BODY_MAX,
} from '#shared/whatsapp/limits.js';
import { useT } from '#renderer/i18n/useI18n';
import { newId } from '../editor/newId';
import { ListEditor, NumberField, SelectField, TextField, VariableField } from './FormFields';
import type { BlockFormProps } from './formTypes';

type Input = BlockOf<'question'>['data']['input'];

export function QuestionForm({ block, change, variables }: BlockFormProps<'question'>) {
  const t = useT();
  const data = block.data;
  const input = data.input;
  const setInput = (field: string, next: Input) => change(field, { ...block, data: { ...data, input: next } });
  const asButtons = input.kind === 'choices' && input.options.length <= REPLY_BUTTONS_MAX;
  const option = (): ChoiceOption => ({ id: newId('o'), title: '' });
  const rowEditor = (rowMax: number) => (item: ChoiceOption, index: number, set: (item: ChoiceOption) => void) => (
    <>
      <TextField
        label={t('flows.field.optionTitle', { n: index + 1 })}
        value={item.title}
        max={rowMax}
        required
        testId={`field-option-${index + 1}`}
        onChange={(title) => set({ ...item, title })}
      />
      {!asButtons && (
        <TextField
          label={t('flows.field.optionDescription', { n: index + 1 })}
          value={item.description ?? ''}
          max={LIST_ROW_DESCRIPTION_MAX}
          onChange={(description) => set({ ...item, description: description || undefined })}
        />
      )}
    </>
  );
  return (
    <>
      <TextField
        label={t('flows.field.question')}
        value={data.text}
        max={input.kind === 'text' ? TEXT_BODY_MAX : INTERACTIVE_BODY_MAX}
        required
        multiline
        variables={variables}
        testId="field-question-text"
        onChange={(text) => change('text', { ...block, data: { ...data, text } })}
      />
      <SelectField
        label={t('flows.field.answer')}
        value={input.kind}
        options={[
          { value: 'choices', label: t('flows.field.answer.choices') },
          { value: 'list', label: t('flows.field.answer.list') },
          { value: 'text', label: t('flows.field.answer.text') },
        ]}
        onChange={(kind) => {
          const options =
            input.kind === 'choices' ? input.options : input.kind === 'list' ? input.sections.flatMap((section) => section.rows) : [option(), option()];
          if (kind === 'choices') setInput('input', { kind: 'choices', options });
          if (kind === 'list') setInput('input', { kind: 'list', buttonText: '', sections: [{ rows: options }] });
          if (kind === 'text') setInput('input', { kind: 'text', validation: 'text' });
        }}
      />
      {input.kind === 'choices' && (
        <>
          <p className="muted small" data-testid="options-shape">
            {t('flows.field.optionsHint', { count: input.options.length, shape: t(asButtons ? 'flows.field.shape.buttons' : 'flows.field.shape.list') })}
          </p>
          <ListEditor
            legend={t('flows.field.options')}
            items={input.options}
            max={LIST_ROWS_MAX}
            make={option}
            addLabel={t('flows.panel.add')}
            onChange={(options) => setInput('options', { ...input, options })}
            render={rowEditor(asButtons ? BUTTON_TITLE_MAX : LIST_ROW_TITLE_MAX)}
          />
          {!asButtons && (
            <TextField
              label={t('flows.field.listButton')}
              value={input.listButtonText ?? ''}
              max={LIST_BUTTON_TEXT_MAX}
              onChange={(listButtonText) => setInput('listButtonText', { ...input, listButtonText })}
            />
          )}
        </>
      )}
      {input.kind === 'list' && (
        <>
          <TextField
            label={t('flows.field.listButton')}
            value={input.buttonText}
            max={LIST_BUTTON_TEXT_MAX}
            required
            onChange={(buttonText) => setInput('buttonText', { ...input, buttonText })}
          />
          <ListEditor
            legend={t('flows.field.sections')}
            items={input.sections}
            max={LIST_SECTIONS_MAX}
            make={() => ({ title: '', rows: [option()] })}
            addLabel={t('flows.field.addSection')}
            onChange={(sections) => setInput('sections', { ...input, sections })}
            render={(section, index, set) => (
              <>
                <TextField
                  label={t('flows.field.sectionTitle', { n: index + 1 })}
                  value={section.title ?? ''}
                  max={LIST_SECTION_TITLE_MAX}
                  required={input.sections.length > 1}
                  onChange={(title) => set({ ...section, title })}
                />
                <ListEditor
                  legend={t('flows.field.options')}
                  items={section.rows}
                  make={option}
                  addLabel={t('flows.field.addRow')}
                  onChange={(rows) => set({ ...section, rows })}
                  render={rowEditor(LIST_ROW_TITLE_MAX)}
                />
              </>
            )}
          />
        </>
      )}
      {input.kind === 'text' && (
        <>
          <SelectField
            label={t('flows.field.validation')}
            value={input.validation}
            options={TEXT_VALIDATIONS.map((value) => ({ value, label: t(`flows.field.validation.${value}`) }))}
            onChange={(validation) => setInput('validation', { ...input, validation })}
          />
          {input.validation === 'pattern' && (
            <>
              <TextField
                label={t('flows.field.pattern')}
                value={input.pattern ?? ''}
                required
                onChange={(pattern) => setInput('pattern', { ...input, pattern })}
              />
              <p className="muted small">{t('flows.field.pattern.hint')}</p>
            </>
          )}
        </>
      )}
      <VariableField
        label={t('flows.field.saveAs')}
        value={data.variable ?? ''}
        variables={variables}
        onChange={(variable) => change('variable', { ...block, data: { ...data, variable: variable || undefined } })}
      />
      <TextField
        label={t('flows.field.retryMessage')}
        value={data.retryMessage ?? ''}
        max={TEXT_BODY_MAX}
        multiline
        variables={variables}
        onChange={(retryMessage) => change('retryMessage', { ...block, data: { ...data, retryMessage: retryMessage || undefined } })}
      />
      <NumberField
        label={t('flows.field.maxRetries')}
        value={data.maxRetries}
        min={0}
        max={10}
        onChange={(maxRetries) => change('maxRetries', { ...block, data: { ...data, maxRetries } })}
      />
    </>
  );
}
