// Every screen of the signed-in app. A feature adds its entry here (flows, spend and admin will):
// the path pattern, its navigation item, the lowest role that may open it, and a lazy loader so
// each feature is its own chunk.
import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import type { UserRole } from '../../../shared/domain/statuses';
import type { MessageKey } from '../i18n/catalog';
import { roleAtLeast } from '../../../shared/domain/roles';
import { TestPhoneScreen } from '../features/testPhone';

export type RouteParams = Record<string, string>;
export type AppRoute = {
  id: string;
  /** `/inbox/:conversationId?`: `:name` captures a segment, a trailing `?` makes it optional. */
  path: string;
  /** Shown in the side navigation when set. */
  nav?: { label: MessageKey; icon: string; href: string };
  minRole?: UserRole;
  /** Only the platform administrator may open it (and sees it in the navigation). */
  platformOnly?: boolean;
  component: LazyExoticComponent<ComponentType<{ params: RouteParams }>>;
};

export const ROUTES: AppRoute[] = [
  {
    id: 'inbox',
    path: '/inbox/:conversationId?',
    nav: { label: 'nav.inbox', icon: '💬', href: '/inbox' },
    minRole: 'viewer',
    component: lazy(() => import('../features/inbox/InboxScreen')),
  },
  {
    id: 'flows',
    path: '/flows',
    nav: { label: 'nav.flows', icon: '🔀', href: '/flows' },
    minRole: 'viewer',
    component: lazy(() => import('../features/flows/FlowsScreen')),
  },
  {
    id: 'flowEditor',
    path: '/flows/:flowId',
    minRole: 'viewer',
    component: lazy(() => import('../features/flows/FlowEditorScreen')),
  },
  {
    // The test phone: agents and above (it writes as a customer); viewers do not see it.
    id: 'testPhone',
    path: '/test-phone/:customerId?',
    nav: { label: 'nav.testPhone', icon: '📱', href: '/test-phone' },
    minRole: 'agent',
    component: TestPhoneScreen,
  },
  {
    id: 'knowledge',
    path: '/knowledge',
    nav: { label: 'nav.knowledge', icon: '📚', href: '/knowledge' },
    minRole: 'viewer',
    component: lazy(() => import('../features/knowledge/KnowledgeScreen')),
  },
  {
    // Agents manage canned responses too, so this is not an /admin tab (see the screen).
    id: 'cannedResponses',
    path: '/canned-responses',
    nav: { label: 'nav.cannedResponses', icon: '⚡', href: '/canned-responses' },
    minRole: 'agent',
    component: lazy(() => import('../features/admin/cannedResponses/CannedResponsesScreen')),
  },
  {
    id: 'spend',
    path: '/spend/:clientId?',
    nav: { label: 'nav.spend', icon: '📊', href: '/spend' },
    minRole: 'admin',
    component: lazy(() => import('../features/spend/SpendScreen')),
  },
  {
    id: 'admin',
    path: '/admin/:tab?',
    nav: { label: 'nav.admin', icon: '🛠', href: '/admin' },
    minRole: 'admin',
    component: lazy(() => import('../features/admin/AdminScreen')),
  },
  {
    id: 'platform',
    path: '/platform/:tab?',
    nav: { label: 'nav.platform', icon: '🏢', href: '/platform' },
    platformOnly: true,
    component: lazy(() => import('../features/admin/PlatformScreen')),
  },
  {
    id: 'settings',
    path: '/settings',
    nav: { label: 'nav.settings', icon: '⚙', href: '/settings' },
    component: lazy(() => import('../features/settings/SettingsScreen')),
  },
];

/** Where `/` goes after signing in. */
export const HOME_PATH = '/inbox';


/** Platform administrators pass every check; members need at least the route's role. */
export function mayOpen(route: AppRoute, me: { role: UserRole | null; isPlatformAdmin: boolean }): boolean {
  if (me.isPlatformAdmin) return true;
  if (route.platformOnly) return false;
  if (!route.minRole) return true;
  return roleAtLeast(me.role, route.minRole);
}
