// The left column: what the test phone is, the test customers (pick, remove, clear all, unread
// counts) and the form for a new one.
import { useMutation, useQueryClient, type UseQueryResult } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { formatListTime } from '#renderer/i18n/formatters';
import { useI18n, useT } from '#renderer/i18n/useI18n';
import { ErrorNotice } from '#renderer/ui/ErrorNotice';
import { ConfirmDialog } from '#renderer/features/flows/dialogs/ConfirmDialog';
import { testPhoneApi, testPhoneKeys, type TestCustomer } from '../testPhoneApi';
import { NewCustomerForm } from './NewCustomerForm';

type Props = { customers: UseQueryResult<TestCustomer[]>; selectedId: string | null; canWrite: boolean };
type Confirm = { kind: 'remove'; customer: TestCustomer } | { kind: 'clear' } | null;

export const displayPhone = (phone: string) => (phone.startsWith('+') ? phone : `+${phone}`);

export function CustomerPanel({ customers, selectedId, canWrite }: Props) {
  const t = useT();
  const language = useI18n((state) => state.language);
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [confirm, setConfirm] = useState<Confirm>(null);
  const removal = useMutation({
    mutationFn: async (what: Exclude<Confirm, null>) => {
      if (what.kind === 'remove') await testPhoneApi().customers.remove.mutate({ id: what.customer.id });
      else await testPhoneApi().clear.mutate();
      return what;
    },
    onSuccess: (what) => {
      setConfirm(null);
      if (what.kind === 'clear' || what.customer.id === selectedId) void navigate({ to: '/test-phone/{-$customerId}' });
      void queryClient.invalidateQueries({ queryKey: testPhoneKeys.all });
    },
    onError: () => setConfirm(null),
  });
  const list = customers.data ?? [];
  return (
    <aside className="test-phone-customers" aria-labelledby="test-phone-title">
      <div className="test-phone-intro">
        <h1 id="test-phone-title">{t('testPhone.title')}</h1>
        <p className="small muted">{t('testPhone.intro')}</p>
      </div>
      <div className="row test-phone-customers-header">
        <h2 className="grow">{t('testPhone.customers.title')}</h2>
        {canWrite && list.length > 0 && (
          <button type="button" className="button-link danger" onClick={() => setConfirm({ kind: 'clear' })} data-testid="clear-test-customers">
            {t('testPhone.customers.clear')}
          </button>
        )}
      </div>
      {removal.isError && <ErrorNotice error={removal.error} />}
      {customers.isPending && (
        <p className="muted" role="status">
          {t('common.loading')}
        </p>
      )}
      {customers.isSuccess && list.length === 0 && <p className="muted small">{t('testPhone.customers.empty')}</p>}
      <ul className="test-customer-list" data-testid="test-customers">
        {list.map((customer) => (
          <li key={customer.id} className="test-customer" data-testid="test-customer" data-customer-id={customer.id}>
            <Link
              to="/test-phone/{-$customerId}"
              params={{ customerId: customer.id }}
              className="test-customer-link"
              aria-current={customer.id === selectedId ? 'true' : undefined}>
              <span className="test-customer-name">{customer.name}</span>
              <span className="small muted">
                {customer.lastMessageAt ? formatListTime(customer.lastMessageAt, language) : t('testPhone.customers.noMessages')}
              </span>
              <span className="small muted">{displayPhone(customer.phone)}</span>
              {customer.unread > 0 && (
                <span className="badge" aria-label={t('testPhone.customers.unread', { count: customer.unread })} data-testid="test-customer-unread">
                  {customer.unread}
                </span>
              )}
            </Link>
            {canWrite && (
              <button
                type="button"
                className="icon-button"
                aria-label={t('testPhone.customers.remove', { name: customer.name })}
                title={t('testPhone.customers.remove', { name: customer.name })}
                onClick={() => setConfirm({ kind: 'remove', customer })}>
                🗑
              </button>
            )}
          </li>
        ))}
      </ul>
      {canWrite ? <NewCustomerForm /> : <p className="small muted">{t('testPhone.readOnly')}</p>}
      {confirm && (
        <ConfirmDialog
          title={confirm.kind === 'clear' ? t('testPhone.clear.title') : t('testPhone.remove.title')}
          message={confirm.kind === 'clear' ? t('testPhone.clear.message') : t('testPhone.remove.message', { name: confirm.customer.name })}
          confirmLabel={confirm.kind === 'clear' ? t('testPhone.customers.clear') : t('common.remove')}
          onConfirm={() => removal.mutate(confirm)}
          onCancel={() => setConfirm(null)}
        />
      )}
    </aside>
  );
}
