// "Send a location": latitude and longitude (checked here and again by the server), optional name
// and address, as WhatsApp's location message carries them.
import { useState, type FormEvent } from 'react';
import { useT } from '#renderer/i18n/useI18n';
import { Field } from '#renderer/ui/Field';
import { parseCoordinate } from './parseCoordinate';
import { PhoneSheet } from './PhoneSheet';
import type { SendAsCustomer } from './useSendAsCustomer';

export function LocationSheet({ send, onClose }: { send: SendAsCustomer; onClose(): void }) {
  const t = useT();
  const [form, setForm] = useState({ latitude: '', longitude: '', name: '', address: '' });
  const [invalid, setInvalid] = useState(false);
  const set = (key: keyof typeof form) => (event: React.ChangeEvent<HTMLInputElement>) => setForm({ ...form, [key]: event.target.value });
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const latitude = parseCoordinate(form.latitude, 90);
    const longitude = parseCoordinate(form.longitude, 180);
    setInvalid(latitude === null || longitude === null);
    if (latitude === null || longitude === null) return;
    const sent = await send.send({
      type: 'location',
      latitude,
      longitude,
      ...(form.name.trim() ? { name: form.name.trim() } : {}),
      ...(form.address.trim() ? { address: form.address.trim() } : {}),
    });
    if (sent) onClose();
  };
  const problem = invalid ? t('testPhone.location.invalid') : null;
  return (
    <PhoneSheet title={t('testPhone.location.title')} onClose={onClose} testId="location-sheet">
      <form className="stack" onSubmit={(event) => void submit(event)} noValidate>
        <div className="row">
          <Field
            label={t('testPhone.location.latitude')}
            value={form.latitude}
            onChange={set('latitude')}
            inputMode="decimal"
            placeholder="-23.5505"
            error={problem}
          />
          <Field
            label={t('testPhone.location.longitude')}
            value={form.longitude}
            onChange={set('longitude')}
            inputMode="decimal"
            placeholder="-46.6333"
            error={problem ? ' ' : null}
          />
        </div>
        <Field label={t('testPhone.location.name')} value={form.name} maxLength={200} onChange={set('name')} />
        <Field label={t('testPhone.location.address')} value={form.address} maxLength={300} onChange={set('address')} />
        {send.error && (
          <p className="field-error" role="alert">
            {send.error}
          </p>
        )}
        <button type="submit" className="button-primary" disabled={send.sending}>
          {t('testPhone.composer.send')}
        </button>
      </form>
    </PhoneSheet>
  );
}
