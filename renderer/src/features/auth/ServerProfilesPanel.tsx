import { useState, type FormEvent } from 'react';
import { desktop } from '#renderer/desktop/desktopBridge';
import { useT } from '#renderer/i18n/useI18n';
import { useServerProfiles } from '#renderer/session/useServerProfiles';
import { Field } from '#renderer/ui/Field';

/** Remembered remote servers (desktop only): connect, add, remove. */
export function ServerProfilesPanel() {
  const t = useT();
  const { profiles, add, remove } = useServerProfiles();
  const [name, setName] = useState('');
  const [url, setUrl] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problem = add(name, url);
    if (problem === 'invalid') return setError(t('auth.remote.invalidUrl'));
    if (problem === 'duplicate') return setError(t('auth.remote.duplicate'));
    setError(null);
    setName('');
    setUrl('');
  };
  return (
    <section className="card stack" aria-labelledby="remote-title">
      <h2 id="remote-title">{t('auth.remote.title')}</h2>
      <p className="muted">{t('auth.remote.description')}</p>
      {profiles.length === 0 ? (
        <p className="muted">{t('auth.remote.none')}</p>
      ) : (
        <ul className="profile-list">
          {profiles.map((profile) => (
            <li key={profile.id}>
              <button type="button" className="button-secondary grow" onClick={() => void desktop()?.openServer(profile.url)}>
                {t('auth.remote.open', { name: profile.name })} <span className="muted small">{profile.url}</span>
              </button>
              <button type="button" className="button-link" aria-label={t('auth.remote.remove', { name: profile.name })} onClick={() => remove(profile.id)}>
                {t('common.remove')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <form className="stack" onSubmit={submit} aria-label={t('auth.remote.add')}>
        <div className="row">
          <Field label={t('auth.remote.name')} value={name} onChange={(event) => setName(event.target.value)} />
          <Field
            label={t('auth.remote.url')}
            value={url}
            onChange={(event) => setUrl(event.target.value)}
            required
            placeholder={t('auth.remote.urlExample')}
            error={error}
          />
        </div>
        <button type="submit" className="button-secondary">
          {t('auth.remote.add')}
        </button>
      </form>
    </section>
  );
}
