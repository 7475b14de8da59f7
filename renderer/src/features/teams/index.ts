// The teams feature of the renderer: admin panels (teams, numbers, business hours, CSAT), the
// agent's availability switch, the inbox's number/team filters and "send to team", the reports.
import { lazy } from 'react';

export const ReportsScreen = lazy(() => import('./ReportsScreen'));
export { AvailabilitySwitch } from './AvailabilitySwitch';
export { InboxTeamFilters } from './InboxTeamFilters';
export { NumbersPanel } from './NumbersPanel';
export { SendToTeam } from './SendToTeam';
export { TeamsPanel } from './TeamsPanel';
export { useNumbers } from './useTeamsData';
export { teamsMessages } from './messages';
