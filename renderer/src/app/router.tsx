// The renderer's routes (TanStack Router, code-based tree): path patterns, who may open each
// screen, and a lazy loader per screen so each feature is its own chunk. URLs are ordinary paths
// (browser history): the server answers index.html for any page path, so deep links and reloads
// work in a browser and in Electron, which loads the same build over http.
import { createRootRoute, createRoute, createRouter, Navigate } from '@tanstack/react-router';
import { lazy } from 'react';
import { INVITE_PATH } from '../features/auth/inviteLink';
import { InviteScreen } from '../features/auth/InviteScreen';
import { useMe } from '../features/auth/useMe';
import { TestPhoneScreen } from '../features/testPhone';
import { useT } from '../i18n/useI18n';
import { RootLayout } from './RootLayout';
import { landingPath } from './routeAccess';

function NotFound() {
  const t = useT();
  return <p className="page">{t('common.notFound')}</p>;
}

const rootRoute = createRootRoute({ component: RootLayout, notFoundComponent: NotFound });

/** Sends `/` to the signed-in person's landing screen (routeAccess.ts). */
function Home() {
  const me = useMe().data;
  // The shell renders only once `me` has loaded; until then there is nowhere to send anyone.
  return me ? <Navigate to={landingPath(me)} replace /> : null;
}

/** Where `/` goes once signed in (signed out, `/` shows the sign-in or the first-run set-up). */
const homeRoute = createRoute({ getParentRoute: () => rootRoute, path: '/', component: Home });

/** Works signed out: the invite link is how a new member gets an account. */
const inviteRoute = createRoute({ getParentRoute: () => rootRoute, path: INVITE_PATH, component: InviteScreen });

const inboxRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/inbox/{-$conversationId}',
  staticData: { access: { minRole: 'viewer', needsClient: true } },
  component: lazy(() => import('../features/inbox/InboxScreen')),
});

const flowsRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/flows',
  staticData: { access: { minRole: 'viewer', needsClient: true } },
  component: lazy(() => import('../features/flows/FlowsScreen')),
});

const flowEditorRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/flows/$flowId',
  staticData: { access: { minRole: 'viewer', needsClient: true } },
  component: lazy(() => import('../features/flows/FlowEditorScreen')),
});

/** The test phone: agents and above (it writes as a customer); viewers do not see it. */
const testPhoneRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/test-phone/{-$customerId}',
  staticData: { access: { minRole: 'agent', needsClient: true } },
  component: TestPhoneScreen,
});

const knowledgeRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/knowledge',
  staticData: { access: { minRole: 'viewer', needsClient: true } },
  component: lazy(() => import('../features/knowledge/KnowledgeScreen')),
});

/** Agents manage canned responses too, so this is not an /admin tab (see the screen). */
const cannedResponsesRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/canned-responses',
  staticData: { access: { minRole: 'agent', needsClient: true } },
  component: lazy(() => import('../features/admin/cannedResponses/CannedResponsesScreen')),
});

const contactsRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/contacts/{-$contactId}',
  staticData: { access: { minRole: 'viewer', needsClient: true } },
  component: lazy(() => import('../features/contacts/ContactsScreen')),
});

const campaignsRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/campaigns/{-$campaignId}',
  staticData: { access: { minRole: 'viewer', needsClient: true } },
  component: lazy(() => import('../features/campaigns/CampaignsScreen')),
});

const spendRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/spend/{-$clientId}',
  staticData: { access: { minRole: 'admin' } },
  component: lazy(() => import('../features/spend/SpendScreen')),
});

/** Team reports: administrators and owners of a client. */
const reportsRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/reports',
  staticData: { access: { minRole: 'admin', needsClient: true } },
  component: lazy(() => import('../features/teams/ReportsScreen')),
});

const adminRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/admin/{-$tab}',
  staticData: { access: { minRole: 'admin' } },
  component: lazy(() => import('../features/admin/AdminScreen')),
});

const platformRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/platform/{-$tab}',
  staticData: { access: { platformOnly: true } },
  component: lazy(() => import('../features/admin/PlatformScreen')),
});

const settingsRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/settings',
  component: lazy(() => import('../features/settings/SettingsScreen')),
});

const routeTree = rootRoute.addChildren([
  homeRoute,
  inviteRoute,
  inboxRoute,
  flowsRoute,
  flowEditorRoute,
  testPhoneRoute,
  knowledgeRoute,
  cannedResponsesRoute,
  contactsRoute,
  campaignsRoute,
  spendRoute,
  reportsRoute,
  adminRoute,
  platformRoute,
  settingsRoute,
]);

export const router = createRouter({ routeTree });

declare module '@tanstack/react-router' {
  interface Register {
    router: typeof router;
  }
}
