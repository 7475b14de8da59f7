// The client's own fallback chain (clients.settings.fallback_chain) as an ordered list: models are
// added from the gateway's registry (chat models, not already in the chain), moved up or down and
// removed; an empty chain means the platform's is used. Saved with the rest of the bot form, where
// the server checks the chain again (at most BOT_LIMITS.fallbackModels, no repeats, known models).
import { useState } from 'react';
import { BOT_LIMITS } from '#shared/bot/botConfiguration.js';
import { useT } from '#renderer/i18n/useI18n';

type Props = { chain: string[]; models: string[]; error?: string; onChange: (chain: string[]) => void };

export function FallbackChainEditor({ chain, models, error, onChange }: Props) {
  const t = useT();
  const [picked, setPicked] = useState('');
  const addable = models.filter((model) => !chain.includes(model));
  const full = chain.length >= BOT_LIMITS.fallbackModels;
  const move = (from: number, to: number) => {
    const next = [...chain];
    const [model] = next.splice(from, 1);
    next.splice(to, 0, model!);
    onChange(next);
  };
  const add = () => {
    if (!picked || full || chain.includes(picked)) return;
    onChange([...chain, picked]);
    setPicked('');
  };
  return (
    <fieldset className="stack" data-testid="fallback-chain">
      <legend>{t('botSettings.fallbackModels')}</legend>
      <p className="muted small">{t('botSettings.fallbackHint')}</p>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {chain.length === 0 ? (
        <p className="muted" data-testid="fallback-platform">
          {t('botSettings.fallback.platform')}
        </p>
      ) : (
        <ol className="stack" aria-label={t('botSettings.fallbackModels')}>
          {chain.map((model, index) => (
            <li key={model} className="row">
              <span className="mono grow">{model}</span>
              <button
                type="button"
                className="button-link"
                disabled={index === 0}
                aria-label={t('botSettings.fallback.up', { model })}
                onClick={() => move(index, index - 1)}>
                ↑
              </button>
              <button
                type="button"
                className="button-link"
                disabled={index === chain.length - 1}
                aria-label={t('botSettings.fallback.down', { model })}
                onClick={() => move(index, index + 1)}>
                ↓
              </button>
              <button
                type="button"
                className="button-link"
                aria-label={t('botSettings.fallback.remove', { model })}
                onClick={() => onChange(chain.filter((item) => item !== model))}>
                {t('common.remove')}
              </button>
            </li>
          ))}
        </ol>
      )}
      {full ? (
        <p className="muted small">{t('botSettings.fallback.full', { max: BOT_LIMITS.fallbackModels })}</p>
      ) : (
        <div className="row">
          <label className="stack">
            <span>{t('botSettings.fallback.modelToAdd')}</span>
            <select value={picked} onChange={(event) => setPicked(event.target.value)}>
              <option value="">{t('botSettings.fallback.choose')}</option>
              {addable.map((model) => (
                <option key={model} value={model}>
                  {model}
                </option>
              ))}
            </select>
          </label>
          <button type="button" disabled={!picked} onClick={add}>
            {t('botSettings.fallback.add')}
          </button>
        </div>
      )}
      {chain.length > 0 && (
        <div>
          <button type="button" className="button-link" onClick={() => onChange([])}>
            {t('botSettings.fallback.reset')}
          </button>
        </div>
      )}
    </fieldset>
  );
}
