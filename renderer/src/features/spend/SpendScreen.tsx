// /spend: a client's administrators see their dashboard; the platform administrator sees every
// client's spend and opens one client's dashboard at /spend/<client id>.
import type { RouteParams } from '../../app/routes';
import { useT } from '../../i18n/useI18n';
import { Link } from '../../router/Link';
import { useMe } from '../auth/useMe';
import { ClientDashboard } from './ClientDashboard';
import { PlatformSpendOverview } from './PlatformSpendOverview';
import './spend.css';

export default function SpendScreen({ params }: { params: RouteParams }) {
  const t = useT();
  const me = useMe().data;
  const clientId = params.clientId;
  return (
    <div className="page stack">
      <h1>{t('spend.title')}</h1>
      {me?.isPlatformAdmin && clientId && <Link to="/spend">← {t('spend.platform.back')}</Link>}
      {me?.isPlatformAdmin && !clientId
        ? (me.clientId ? <><ClientDashboard /><PlatformSpendOverview /></> : <PlatformSpendOverview />)
        : <ClientDashboard key={clientId ?? 'own'} clientId={clientId} />}
    </div>
  );
}
