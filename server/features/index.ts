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
import { teamsFeature } from './teams/teamsFeature.js';

export const FEATURES: Feature[] = [
  authFeature,
  healthFeature,
  whatsappFeature,
  conversationsFeature,
  sandboxFeature,
  attachmentsFeature,
  knowledgeBaseFeature,
  flowTimersFeature,
  gatewayFeature,
  budgetsFeature,
  pushTokensFeature,
  openaiCompatFeature,
  setupFeature,
  teamsFeature,
];
