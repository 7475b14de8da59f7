// A new test customer: a name and a WhatsApp number (spaces, dashes and brackets are dropped; the
// server canonicalises the number and refuses duplicates and real customers' numbers).
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { errorMessage } from '#renderer/api/errorMessage';
import { useT } from '#renderer/i18n/useI18n';
import { Field } from '#renderer/ui/Field';
import { testPhoneApi, testPhoneKeys } from '../testPhoneApi';

/** `+55 (11) 99999-0000` → `+5511999990000`; null when it cannot be a WhatsApp number. */
export function cleanPhone(input: string): string | null {
  const compact = input.trim().replace(/[\s().-]/g, '');
  return /^\+?\d{10,15}$/.test(compact) ? compact : null;
}

export function NewCustomerForm() {
  const t = useT();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [problems, setProblems] = useState<{ name?: string; phone?: string }>({});
  const create = useMutation({
    mutationFn: (input: { name: string; phone: string }) => testPhoneApi().customers.create.mutate(input),
    onSuccess: (customer) => {
      setName('');
      setPhone('');
      void queryClient.invalidateQueries({ queryKey: testPhoneKeys.customers });
      void navigate({ to: '/test-phone/{-$customerId}', params: { customerId: customer.id } });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const cleaned = cleanPhone(phone);
    const found = { name: name.trim() ? undefined : t('testPhone.new.nameRequired'), phone: cleaned ? undefined : t('testPhone.new.phoneInvalid') };
    setProblems(found);
    if (found.name || found.phone || !cleaned) return;
    create.mutate({ name: name.trim(), phone: cleaned });
  };
  return (
    <form className="card stack test-customer-form" onSubmit={submit} aria-labelledby="new-test-customer" noValidate>
      <h2 id="new-test-customer">{t('testPhone.new.title')}</h2>
      <Field
        label={t('testPhone.new.name')}
        value={name}
        maxLength={100}
        onChange={(event) => setName(event.target.value)}
        error={problems.name}
        autoComplete="off"
      />
      <Field
        label={t('testPhone.new.phone')}
        value={phone}
        inputMode="tel"
        onChange={(event) => setPhone(event.target.value)}
        error={problems.phone}
        hint={t('testPhone.new.phoneHint')}
        autoComplete="off"
      />
      {create.isError && (
        <p className="field-error" role="alert" data-testid="new-customer-error">
          {errorMessage(create.error)}
        </p>
      )}
      <button type="submit" className="button-primary" disabled={create.isPending}>
        {t('testPhone.new.create')}
      </button>
    </form>
  );
}
