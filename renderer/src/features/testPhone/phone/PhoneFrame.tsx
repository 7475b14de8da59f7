// One test customer's phone: the chat with the business as WhatsApp shows it to the customer, and
// the composer. Errors from the server show inside the phone, where the user is looking.
import { useQuery } from '@tanstack/react-query';
import { useT } from '#renderer/i18n/useI18n';
import { ErrorNotice } from '#renderer/ui/ErrorNotice';
import { displayPhone } from '../customers/CustomerPanel';
import { THREAD_LIMIT, testPhoneApi, testPhoneKeys, type TestCustomer } from '../testPhoneApi';
import { PhoneComposer } from './PhoneComposer';
import { PhoneThread } from './PhoneThread';
import { useMarkReadWhileOpen } from './useMarkReadWhileOpen';
import { useSendAsCustomer } from './useSendAsCustomer';

export function PhoneFrame({ customer, canWrite }: { customer: TestCustomer; canWrite: boolean }) {
  const t = useT();
  const thread = useQuery({
    queryKey: testPhoneKeys.thread(customer.id),
    queryFn: () => testPhoneApi().thread.query({ customerId: customer.id, limit: THREAD_LIMIT }),
  });
  const messages = thread.data?.messages ?? [];
  const send = useSendAsCustomer(customer.id);
  useMarkReadWhileOpen(customer.id, messages, canWrite);
  return (
    <div className="phone" role="region" aria-label={t('testPhone.phone.label', { name: customer.name })} data-testid="phone">
      <header className="phone-header">
        <span className="phone-avatar" aria-hidden="true">
          🏪
        </span>
        <div className="grow">
          <p className="phone-title">{t('testPhone.phone.business')}</p>
          <p className="phone-subtitle">
            {t('testPhone.phone.sandbox')} · {customer.name} {displayPhone(customer.phone)}
          </p>
        </div>
      </header>
      {thread.isError && <ErrorNotice error={thread.error} onRetry={() => void thread.refetch()} />}
      {thread.isPending ? (
        <p className="phone-body muted" role="status">
          {t('common.loading')}
        </p>
      ) : (
        <PhoneThread customerName={customer.name} messages={messages} send={send} canWrite={canWrite} />
      )}
      {send.error !== null && (
        <div className="notice notice-error phone-error" role="alert" data-testid="phone-error">
          <span>{t('common.error', { message: send.error })}</span>
          <button type="button" className="button-link" onClick={send.dismissError}>
            {t('common.close')}
          </button>
        </div>
      )}
      {canWrite ? <PhoneComposer send={send} /> : <p className="phone-readonly small muted">{t('testPhone.readOnly')}</p>}
    </div>
  );
}
