// Every feature's router, under its name. The renderer imports only the type (shared/api.ts).
import { authRouter } from '../features/auth/router.js';
import { localModeRouter } from '../features/localMode/router.js';
import { auditRouter } from '../features/audit/router.js';
import { clientsRouter } from '../features/clients/router.js';
import { invitesRouter } from '../features/invites/router.js';
import { knowledgeBaseRouter } from '../features/knowledgeBase/router.js';
import { pushTokensRouter } from '../features/pushTokens/router.js';
import { usersRouter } from '../features/users/router.js';
import { voiceRouter } from '../features/voice/router.js';
import { botRouter } from '../features/botReply/router.js';
import { budgetsRouter } from '../features/budgets/router.js';
import { gatewayRouter } from '../features/gateway/router.js';
import { apiKeysRouter } from '../features/openaiCompat/router.js';
import { webhooksRouter } from '../features/eventWebhooks/router.js';
import { flowsRouter } from '../features/flows/router.js';
import { spendRouter } from '../features/spend/router.js';
import { conversationsRouter } from '../features/conversations/router.js';
import { whatsappRouter } from '../features/whatsapp/router.js';
import { testPhoneRouter } from '../features/sandbox/router.js';
import { teamsRouter } from '../features/teams/router.js';
import { numbersRouter } from '../features/numbers/router.js';
import { reportsRouter } from '../features/reports/router.js';
import { cannedResponsesRouter } from '../features/cannedResponses/router.js';
import { setupRouter } from '../features/setup/index.js';
import { aiProvidersRouter } from '../features/aiProviders/router.js';
import { whatsappConnectionRouter } from '../features/whatsappConnection/index.js';
import { aiToolsRouter } from '../features/aiTools/router.js';
import { contactsRouter } from '../features/contacts/router.js';
import { campaignsRouter } from '../features/campaigns/router.js';
import { registerAuditedRouter } from './parsedInput.js';
import { router } from './trpc.js';

export const appRouter = router({
  auth: authRouter,
  users: usersRouter,
  invites: invitesRouter,
  pushTokens: pushTokensRouter,
  clients: clientsRouter,
  audit: auditRouter,
  localMode: localModeRouter,
  spend: spendRouter,
  gateway: gatewayRouter,
  budgets: budgetsRouter,
  apiKeys: apiKeysRouter,
  webhooks: webhooksRouter,
  knowledgeBase: knowledgeBaseRouter,
  voice: voiceRouter,
  bot: botRouter,
  aiTools: aiToolsRouter,
  flows: flowsRouter,
  conversations: conversationsRouter,
  whatsapp: whatsappRouter,
  cannedResponses: cannedResponsesRouter,
  setup: setupRouter,
  aiProviders: aiProvidersRouter,
  whatsappConnection: whatsappConnectionRouter,
  testPhone: testPhoneRouter,
  contacts: contactsRouter,
  campaigns: campaignsRouter,
  teams: teamsRouter,
  numbers: numbersRouter,
  reports: reportsRouter,
});

// The audit middleware records each mutation's validated input: it finds the validators here.
registerAuditedRouter(appRouter);

export type AppRouter = typeof appRouter;
