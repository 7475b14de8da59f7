// /platform/<tab>: the platform administrator's screens: every client's spend, plan budgets, the
// per-client budget overrides, the model registry and prices, a client's pricing overrides, the gateway and the USD→BRL rate.
import { getRouteApi } from '@tanstack/react-router';
import { useT } from '#renderer/i18n/useI18n';
import { ClientBudgetForm } from '../botSettings';
import { PlatformSpendOverview } from '../spend/PlatformSpendOverview';
import { ClientPicker } from './ClientPicker';
import { GatewayConfigPanel } from './GatewayConfigPanel';
import { ModelRegistryPanel } from './ModelRegistryPanel';
import { PlansPanel } from './PlansPanel';
import { PricingOverridesPanel } from './PricingOverridesPanel';
import { TabNav } from './TabNav';
import { useAdminClient } from './useAdminClient';
import '../spend/spend.css';
import './admin.css';

const TABS = [
  { id: 'clients', label: 'platform.tab.clients' },
  { id: 'plans', label: 'platform.tab.plans' },
  { id: 'budgets', label: 'platform.tab.budgets' },
  { id: 'models', label: 'platform.tab.models' },
  { id: 'pricing', label: 'platform.tab.pricing' },
  { id: 'gateway', label: 'platform.tab.gateway' },
] as const;

const route = getRouteApi('/platform/{-$tab}');

export default function PlatformScreen() {
  const t = useT();
  const params = route.useParams();
  const { ready, clientId } = useAdminClient();
  const tab = TABS.some((entry) => entry.id === params.tab) ? params.tab! : 'clients';
  return (
    <div className="page stack admin-page">
      <h1>{t('platform.title')}</h1>
      <TabNav base="/platform/{-$tab}" tabs={TABS} current={tab} label={t('platform.title')} />
      {tab === 'clients' && <PlatformSpendOverview />}
      {tab === 'plans' && <PlansPanel />}
      {tab === 'budgets' && (
        <>
          <ClientPicker />
          {ready && clientId && <ClientBudgetForm key={clientId} clientId={clientId} />}
        </>
      )}
      {tab === 'models' && <ModelRegistryPanel />}
      {tab === 'pricing' && (
        <>
          <ClientPicker />
          {ready && <PricingOverridesPanel key={clientId} />}
        </>
      )}
      {tab === 'gateway' && <GatewayConfigPanel />}
    </div>
  );
}
