// Who may open a screen, and where each person starts. Each route carries its rule in TanStack
// Router's `staticData`, so the shell can check the matched screen without a second list of paths.
import type { UserRole } from '#shared/domain/statuses.js';
import { roleAtLeast } from '#shared/domain/roles.js';

export type RouteAccess = {
  minRole?: UserRole;
  /** Only the platform administrator may open it (and sees it in the navigation). */
  platformOnly?: boolean;
  /**
   * A screen of one client's own data (inbox, flows, knowledge…): it needs an account that belongs
   * to a client. A platform administrator without one has nothing to show there (every query of
   * the screen would be refused), so it is closed to them rather than opened broken.
   */
  needsClient?: boolean;
};

declare module '@tanstack/react-router' {
  interface StaticDataRouteOption {
    access?: RouteAccess;
  }
}

declare module '@tanstack/history' {
  interface HistoryState {
    /** Set on the landing screen's history entry when the shell sent the person there from a screen they may not open. */
    refusedScreen?: boolean;
  }
}

export type Viewer = { role: UserRole | null; isPlatformAdmin: boolean; clientId: string | null };

/**
 * Platform administrators pass every check except a client's own screens when they have no client;
 * members need at least the route's role.
 */
export function mayOpen(access: RouteAccess | undefined, me: Viewer): boolean {
  if (access?.needsClient && !me.clientId) return false;
  if (me.isPlatformAdmin) return true;
  if (access?.platformOnly) return false;
  if (!access?.minRole) return true;
  return roleAtLeast(me.role, access.minRole);
}

export type LandingPath = '/platform/{-$tab}' | '/inbox/{-$conversationId}' | '/settings';

/**
 * Where a person starts after signing in, and where the shell sends them from a screen they may not
 * open: members to their client's inbox, a platform administrator without a client to the platform
 * screen; an account with neither (no screen of data to show) to its settings, which always open.
 */
export function landingPath(me: Viewer): LandingPath {
  if (me.clientId && me.role) return '/inbox/{-$conversationId}';
  if (me.isPlatformAdmin) return '/platform/{-$tab}';
  return '/settings';
}
