// `/test-phone/<customer id>?`: the test customers on the left, the chosen one's phone on the right,
// live. The user plays the customer; the business side is the real pipeline on the sandbox number.
import { useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { useT } from '#renderer/i18n/useI18n';
import { ErrorNotice } from '#renderer/ui/ErrorNotice';
import { roleAtLeast } from '#shared/domain/roles.js';
import { useMe } from '../auth/useMe';
import { CustomerPanel } from './customers/CustomerPanel';
import { useTestPhoneLive } from './live/useTestPhoneLive';
import { PhoneFrame } from './phone/PhoneFrame';
import { testPhoneApi, testPhoneKeys } from './testPhoneApi';
import './testPhone.css';

const route = getRouteApi('/test-phone/{-$customerId}');

export default function TestPhoneScreen() {
  const t = useT();
  const { customerId } = route.useParams();
  const me = useMe().data!;
  const canWrite = me.isPlatformAdmin || roleAtLeast(me.role, 'agent');
  useTestPhoneLive();
  const customers = useQuery({ queryKey: testPhoneKeys.customers, queryFn: () => testPhoneApi().customers.list.query() });
  const selectedId = customerId ?? null;
  const selected = customers.data?.find((customer) => customer.id === selectedId) ?? null;
  return (
    <div className="test-phone" data-testid="test-phone">
      <CustomerPanel customers={customers} selectedId={selectedId} canWrite={canWrite} />
      <section className="test-phone-stage" aria-label={t('testPhone.title')}>
        {customers.isError && <ErrorNotice error={customers.error} onRetry={() => void customers.refetch()} />}
        {selected ? (
          <PhoneFrame key={selected.id} customer={selected} canWrite={canWrite} />
        ) : (
          <div className="empty-state">
            <p>{t('testPhone.pick')}</p>
          </div>
        )}
      </section>
    </div>
  );
}
