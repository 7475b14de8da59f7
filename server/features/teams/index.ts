// The teams feature's public surface: what other features may import (server/app/featureBoundaries.test.ts).
export { routeHandoff, drainQueues } from './routeHandoff.js';
export { sweepIdleAgents } from './agentAvailability.js';
export { askForCsat, csatResponder } from './csat.js';
export { onConversationResolved } from './onConversationResolved.js';
export { teamForKeyword } from './teamForKeyword.js';
export { listTeams } from './manageTeams.js';
export { sendToTeam } from './teamQueue.js';
export { awayFlowAt } from './businessHours.js';
