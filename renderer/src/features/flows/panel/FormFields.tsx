// Form atoms of the block panel: labelled fields with WhatsApp's character limits counted live,
// required markers, and variable suggestions. Errors are tied to their field (aria-describedby).
import { useId, useRef, type ReactNode } from 'react';
import { VARIABLE_NAME } from '#shared/flows/blocks.js';
import { useT } from '#renderer/i18n/useI18n';

/** Characters as WhatsApp counts them (code points, so an emoji is one). */
export const countChars = (text: string) => [...text].length;

type TextFieldProps = {
  label: string;
  value: string;
  onChange(value: string): void;
  max?: number;
  required?: boolean;
  multiline?: boolean;
  /** Variables offered as {{name}} chips that insert into the text. */
  variables?: string[];
  placeholder?: string;
  testId?: string;
};

export function TextField({ label, value, onChange, max, required, multiline, variables, placeholder, testId }: TextFieldProps) {
  const t = useT();
  const id = useId();
  const input = useRef<HTMLInputElement & HTMLTextAreaElement>(null);
  const count = countChars(value);
  const tooLong = max !== undefined && count > max;
  const missing = required && value.trim() === '';
  const error = tooLong ? t('flows.panel.tooLong', { max: max! }) : missing ? t('flows.panel.required') : null;
  const describedBy = [max !== undefined ? `${id}-count` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  const insert = (name: string) => {
    const element = input.current;
    const at = element?.selectionStart ?? value.length;
    const next = `${value.slice(0, at)}{{${name}}}${value.slice(element?.selectionEnd ?? at)}`;
    onChange(next);
    requestAnimationFrame(() => element?.focus());
  };
  const common = {
    id,
    ref: input,
    value,
    placeholder,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy,
    'aria-required': required || undefined,
    'data-testid': testId,
  };
  return (
    <div className="panel-field">
      <div className="panel-field-top">
        <label htmlFor={id}>
          {label}
          {required && (
            <span aria-hidden="true" className="required-mark">
              {' '}
              *
            </span>
          )}
        </label>
        {max !== undefined && (
          <span id={`${id}-count`} className={`char-counter ${tooLong ? 'over' : ''}`} data-testid={testId ? `${testId}-counter` : undefined}>
            {t('flows.panel.counter', { count, max })}
          </span>
        )}
      </div>
      {multiline ? (
        <textarea {...common} rows={3} onChange={(event) => onChange(event.target.value)} />
      ) : (
        <input {...common} type="text" onChange={(event) => onChange(event.target.value)} />
      )}
      {error && (
        <p id={`${id}-error`} className="field-error" role="status">
          {error}
        </p>
      )}
      {variables && variables.length > 0 && (
        <div className="variable-chips" aria-label={t('flows.panel.variables', { names: '' })}>
          {variables.map((name) => (
            <button key={name} type="button" className="variable-chip" onClick={() => insert(name)}>{`{{${name}}}`}</button>
          ))}
        </div>
      )}
    </div>
  );
}

/** A variable name: checked as typed, existing names suggested. */
export function VariableField({
  label,
  value,
  onChange,
  variables,
  required,
  allowEmpty = true,
}: {
  label: string;
  value: string;
  onChange(value: string): void;
  variables: string[];
  required?: boolean;
  allowEmpty?: boolean;
}) {
  const t = useT();
  const id = useId();
  const invalid = value !== '' && !VARIABLE_NAME.test(value);
  const missing = (required || !allowEmpty) && value === '';
  const error = invalid ? t('flows.panel.variableName') : missing ? t('flows.panel.required') : null;
  return (
    <div className="panel-field">
      <label htmlFor={id}>
        {label}
        {required && (
          <span aria-hidden="true" className="required-mark">
            {' '}
            *
          </span>
        )}
      </label>
      <input
        id={id}
        type="text"
        list={`${id}-list`}
        value={value}
        spellCheck={false}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={(event) => onChange(event.target.value.trim())}
      />
      <datalist id={`${id}-list`}>
        {variables.map((name) => (
          <option key={name} value={name} />
        ))}
      </datalist>
      {error && (
        <p id={`${id}-error`} className="field-error" role="status">
          {error}
        </p>
      )}
    </div>
  );
}

export function SelectField<T extends string>({
  label,
  value,
  options,
  onChange,
}: {
  label: string;
  value: T;
  options: { value: T; label: string }[];
  onChange(value: T): void;
}) {
  const id = useId();
  return (
    <div className="panel-field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(event) => onChange(event.target.value as T)}>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}

export function NumberField({ label, value, min, max, onChange }: { label: string; value: number; min: number; max: number; onChange(value: number): void }) {
  const id = useId();
  return (
    <div className="panel-field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="number"
        value={value}
        min={min}
        max={max}
        onChange={(event) => {
          const next = Math.round(Number(event.target.value));
          if (Number.isFinite(next)) onChange(Math.min(max, Math.max(min, next)));
        }}
      />
    </div>
  );
}

export function CheckField({ label, checked, onChange }: { label: string; checked: boolean; onChange(checked: boolean): void }) {
  return (
    <label className="checkbox">
      <input type="checkbox" checked={checked} onChange={(event) => onChange(event.target.checked)} />
      {label}
    </label>
  );
}

/** A list of items with add, remove and reorder buttons. */
export function ListEditor<T>({
  legend,
  items,
  render,
  onChange,
  make,
  addLabel,
  max,
}: {
  legend: string;
  items: T[];
  render(item: T, index: number, set: (item: T) => void): ReactNode;
  onChange(items: T[]): void;
  make(): T;
  addLabel: string;
  max?: number;
}) {
  const t = useT();
  const move = (from: number, to: number) => {
    const next = [...items];
    const [item] = next.splice(from, 1);
    next.splice(to, 0, item!);
    onChange(next);
  };
  return (
    <fieldset className="panel-list">
      <legend>{legend}</legend>
      {items.map((item, index) => (
        <div className="panel-list-item" key={index}>
          <div className="panel-list-body">{render(item, index, (next) => onChange(items.map((existing, at) => (at === index ? next : existing))))}</div>
          <div className="panel-list-actions">
            <button
              type="button"
              className="icon-button"
              disabled={index === 0}
              onClick={() => move(index, index - 1)}
              aria-label={`${t('flows.panel.moveUp')} ${index + 1}`}>
              ↑
            </button>
            <button
              type="button"
              className="icon-button"
              disabled={index === items.length - 1}
              onClick={() => move(index, index + 1)}
              aria-label={`${t('flows.panel.moveDown')} ${index + 1}`}>
              ↓
            </button>
            <button
              type="button"
              className="icon-button"
              onClick={() => onChange(items.filter((_, at) => at !== index))}
              aria-label={`${t('flows.panel.remove')} ${index + 1}`}>
              ✕
            </button>
          </div>
        </div>
      ))}
      <button type="button" className="button-secondary small" disabled={max !== undefined && items.length >= max} onClick={() => onChange([...items, make()])}>
        {addLabel}
      </button>
    </fieldset>
  );
}
