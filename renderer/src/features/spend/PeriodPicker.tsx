import { useState } from 'react';
import type { RouterInputs } from '#renderer/api/createApiClient';
import { useT } from '#renderer/i18n/useI18n';
import type { MessageKey } from '#renderer/i18n/catalog';

export type Period = NonNullable<RouterInputs['spend']['perDay']['period']>;
const PRESETS = ['today', 'last7', 'last30', 'thisMonth', 'lastMonth', 'budget'] as const;

/** Preset periods as toggle buttons, or an inclusive range of dates (in the client's time zone). */
export function PeriodPicker({
  value,
  onChange,
  presets = PRESETS,
}: {
  value: Period;
  onChange(period: Period): void;
  presets?: readonly (typeof PRESETS)[number][];
}) {
  const t = useT();
  const [from, setFrom] = useState('from' in value ? value.from : '');
  const [to, setTo] = useState('to' in value ? value.to : '');
  return (
    <div className="period-picker" role="group" aria-label={t('spend.period')}>
      <div className="tabs">
        {presets.map((preset) => (
          <button key={preset} type="button" className="tab" aria-pressed={'preset' in value && value.preset === preset} onClick={() => onChange({ preset })}>
            {t(`spend.period.${preset}` as MessageKey)}
          </button>
        ))}
      </div>
      <form
        className="row period-custom"
        onSubmit={(event) => {
          event.preventDefault();
          if (from && to) onChange({ from, to });
        }}>
        <label className="small">
          {t('spend.period.from')} <input type="date" value={from} onChange={(event) => setFrom(event.target.value)} required />
        </label>
        <label className="small">
          {t('spend.period.to')} <input type="date" value={to} onChange={(event) => setTo(event.target.value)} required />
        </label>
        <button type="submit" className="button-secondary" aria-pressed={'from' in value}>
          {t('spend.period.apply')}
        </button>
      </form>
    </div>
  );
}
