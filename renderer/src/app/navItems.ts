// The side navigation: each item links to a route (typed by the router); the shell shows it only
// to those who may open that route (the rule lives on the route, see router.tsx).
import type { RegisteredRouter } from '@tanstack/react-router';
import type { MessageKey } from '../i18n/catalog';

export type NavItem = { label: MessageKey; icon: string; to: keyof RegisteredRouter['routesByPath'] };

export const NAV_ITEMS: NavItem[] = [
  { label: 'nav.inbox', icon: '💬', to: '/inbox/{-$conversationId}' },
  { label: 'nav.flows', icon: '🔀', to: '/flows' },
  { label: 'nav.testPhone', icon: '📱', to: '/test-phone/{-$customerId}' },
  { label: 'nav.contacts', icon: '👥', to: '/contacts/{-$contactId}' },
  { label: 'nav.campaigns', icon: '📣', to: '/campaigns/{-$campaignId}' },
  { label: 'nav.knowledge', icon: '📚', to: '/knowledge' },
  { label: 'nav.cannedResponses', icon: '⚡', to: '/canned-responses' },
  { label: 'nav.spend', icon: '📊', to: '/spend/{-$clientId}' },
  { label: 'nav.reports', icon: '📈', to: '/reports' },
  { label: 'nav.admin', icon: '🛠', to: '/admin/{-$tab}' },
  { label: 'nav.platform', icon: '🏢', to: '/platform/{-$tab}' },
  { label: 'nav.settings', icon: '⚙', to: '/settings' },
];
