// /spend: a client's administrators see their dashboard; the platform administrator sees every
// client's spend and opens one client's dashboard at /spend/<client id>.
import { getRouteApi, Link } from '@tanstack/react-router';
import { useT } from '#renderer/i18n/useI18n';
import { useMe } from '../auth/useMe';
import { ClientDashboard } from './ClientDashboard';
import { PlatformSpendOverview } from './PlatformSpendOverview';
import './spend.css';

const route = getRouteApi('/spend/{-$clientId}');

export default function SpendScreen() {
  const t = useT();
  const me = useMe().data;
  const { clientId } = route.useParams();
  return (
    <div className="page stack">
      <h1>{t('spend.title')}</h1>
      {me?.isPlatformAdmin && clientId && (
        <Link to="/spend/{-$clientId}" params={{ clientId: undefined }} activeOptions={{ exact: true }}>
          ← {t('spend.platform.back')}
        </Link>
      )}
      {me?.isPlatformAdmin && !clientId ? (
        me.clientId ? (
          <>
            <ClientDashboard />
            <PlatformSpendOverview />
          </>
        ) : (
          <PlatformSpendOverview />
        )
      ) : (
        <ClientDashboard key={clientId ?? 'own'} clientId={clientId} />
      )}
    </div>
  );
}
