// /admin/<tab>: a client's administration (settings and secrets, the bot and voice, budget and alerts, the WhatsApp connection wizard, AI providers, users and invites, message
// templates, API keys, event webhooks, audit log). Opens for admins and owners; the platform administrator picks the client first.
import { getRouteApi } from '@tanstack/react-router';
import { useT } from '#renderer/i18n/useI18n';
import { AiProvidersPanel } from '../aiProviders';
import { BotSettingsForm, BudgetAlertsForm, HttpToolsEditor, VoiceSettingsForm } from '../botSettings';
import { ApiKeysPanel } from './ApiKeysPanel';
import { AuditLogPanel } from './AuditLogPanel';
import { ClientPicker } from './ClientPicker';
import { ClientSettingsPanel } from './ClientSettingsPanel';
import { TemplatesPanel } from './templates/TemplatesPanel';
import { OptOutPanel } from './optOut/OptOutPanel';
import { WebhooksPanel } from './webhooks/WebhooksPanel';
import { TabNav } from './TabNav';
import { UsersPanel } from './UsersPanel';
import { WhatsappConnectionPanel } from '../whatsappConnection';
import { useAdminClient } from './useAdminClient';
import { NumbersPanel, TeamsPanel } from '../teams';
import '../spend/spend.css';
import './admin.css';

const TABS = [
  { id: 'settings', label: 'admin.tab.settings' },
  { id: 'bot', label: 'admin.tab.bot' },
  { id: 'budget', label: 'admin.tab.budget' },
  { id: 'ai', label: 'admin.tab.ai' },
  { id: 'whatsapp', label: 'whatsappConnection.tab' },
  { id: 'users', label: 'admin.tab.users' },
  { id: 'teams', label: 'teams.tab' },
  { id: 'numbers', label: 'numbers.tab' },
  { id: 'templates', label: 'admin.tab.templates' },
  { id: 'opt-out', label: 'optOut.tab' },
  { id: 'api-keys', label: 'admin.tab.apiKeys' },
  { id: 'webhooks', label: 'webhooks.tab' },
  { id: 'audit', label: 'admin.tab.audit' },
] as const;

const route = getRouteApi('/admin/{-$tab}');

export default function AdminScreen() {
  const t = useT();
  const params = route.useParams();
  const { ready, clientId, input } = useAdminClient();
  const tab = TABS.some((entry) => entry.id === params.tab) ? params.tab! : 'settings';
  return (
    <div className="page stack admin-page">
      <h1>{t('admin.title')}</h1>
      <ClientPicker />
      <TabNav base="/admin/{-$tab}" tabs={TABS} current={tab} label={t('admin.title')} />
      {ready && (
        <div key={`${clientId}-${tab}`}>
          {tab === 'settings' && <ClientSettingsPanel />}
          {tab === 'bot' && (
            <div className="stack">
              <BotSettingsForm />
              <HttpToolsEditor />
              <VoiceSettingsForm />
            </div>
          )}
          {tab === 'budget' && <BudgetAlertsForm />}
          {tab === 'ai' && <AiProvidersPanel />}
          {tab === 'whatsapp' && <WhatsappConnectionPanel />}
          {tab === 'users' && <UsersPanel />}
          {tab === 'teams' && <TeamsPanel input={input} />}
          {tab === 'numbers' && <NumbersPanel input={input} />}
          {tab === 'templates' && <TemplatesPanel />}
          {tab === 'opt-out' && <OptOutPanel />}
          {tab === 'api-keys' && <ApiKeysPanel />}
          {tab === 'webhooks' && <WebhooksPanel />}
          {tab === 'audit' && <AuditLogPanel />}
        </div>
      )}
    </div>
  );
}
