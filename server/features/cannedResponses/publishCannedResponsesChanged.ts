// Tells every open app of the client that its canned responses changed (the live stream carries
// it; the composer and the management screen reload the list). Published after the commit.
import { CANNED_RESPONSES_CHANGED } from '#shared/cannedResponses/cannedResponseRules.js';
import type { AppContext } from '#server/app/appContext.js';

export type CannedResponsesChanged = { change: 'created' | 'updated' | 'deleted'; id: string };

export function publishCannedResponsesChanged(app: AppContext, clientId: string, payload: CannedResponsesChanged): void {
  app.events.publish(clientId, CANNED_RESPONSES_CHANGED, payload);
}
