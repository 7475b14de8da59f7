// Every feature with routes or background work, in start order. (tRPC routers are listed in
// server/trpc/appRouter.ts.)
import type { Feature } from '../app/feature.js';
import { authFeature } from './auth/authFeature.js';
import { attachmentsFeature } from './attachments/attachmentsFeature.js';
import { budgetsFeature } from './budgets/budgetsFeature.js';
import { conversationsFeature } from './conversations/conversationsFeature.js';
import { gatewayFeature } from './gateway/gatewayFeature.js';
import { flowTimersFeature } from './flows/executor/flowTimersFeature.js';
import { healthFeature } from './health/healthFeature.js';
import { openaiCompatFeature } from './openaiCompat/openaiCompatFeature.js';
import { knowledgeBaseFeature } from './knowledgeBase/knowledgeBaseFeature.js';
import { sandboxFeature } from './sandbox/sandboxFeature.js';
import { whatsappFeature } from './whatsapp/whatsappFeature.js';
import { setupFeature } from './setup/setupFeature.js';
import { pushTokensFeature } from './pushTokens/pushTokensFeature.js';
import { aiToolsFeature } from './aiTools/aiToolsFeature.js';
import { botReplyFeature } from './botReply/botReplyFeature.js';
import { contactsFeature } from './contacts/contactsFeature.js';
import { campaignsFeature } from './campaigns/campaignsFeature.js';
import { publicApiFeature } from './publicApi/publicApiFeature.js';
import { eventWebhooksFeature } from './eventWebhooks/eventWebhooksFeature.js';
import { teamsFeature } from './teams/teamsFeature.js';
import { reportsFeature } from './reports/reportsFeature.js';

export const FEATURES: Feature[] = [
  authFeature,
  healthFeature,
  // Before anything raises domain events (whatsapp's inbox): its sink must be there first.
  eventWebhooksFeature,
  whatsappFeature,
  conversationsFeature,
  sandboxFeature,
  attachmentsFeature,
  knowledgeBaseFeature,
  flowTimersFeature,
  gatewayFeature,
  budgetsFeature,
  pushTokensFeature,
  aiToolsFeature,
  botReplyFeature,
  openaiCompatFeature,
  publicApiFeature,
  setupFeature,
  contactsFeature,
  campaignsFeature,
  teamsFeature,
  reportsFeature,
];
