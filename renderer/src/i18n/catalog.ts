// Every feature's strings. A new feature adds its `messages.ts` module to this list.
import { adminMessages } from '../features/admin/messages';
import { aiProvidersMessages } from '../features/aiProviders/messages';
import { cannedResponsesMessages } from '../features/admin/cannedResponses/messages';
import { optOutMessages } from '../features/admin/optOut/messages';
import { webhooksMessages } from '../features/admin/webhooks/messages';
import { authMessages } from '../features/auth/messages';
import { botSettingsMessages } from '../features/botSettings/messages';
import { flowsMessages } from '../features/flows/messages';
import { attachmentMessages } from '../features/inbox/composer/attachmentMessages';
import { inboxMessages } from '../features/inbox/messages';
import { lifecycleMessages } from '../features/inbox/thread/lifecycleMessages';
import { inboxOptOutMessages } from '../features/inbox/thread/optOutMessages';
import { knowledgeMessages } from '../features/knowledge/messages';
import { settingsMessages } from '../features/settings/messages';
import { setupMessages } from '../features/setup/messages';
import { spendMessages } from '../features/spend/messages';
import { testPhoneMessages } from '../features/testPhone/messages';
import { teamsMessages } from '../features/teams/messages';
import { whatsappConnectionMessages } from '../features/whatsappConnection/messages';
import { contactsMessages } from '../features/contacts/messages';
import { campaignsMessages } from '../features/campaigns/messages';
import { commonMessages } from './commonMessages';
import type { Language, MessageModule } from './defineMessages';

export const MESSAGE_MODULES = [
  commonMessages,
  authMessages,
  settingsMessages,
  inboxMessages,
  lifecycleMessages,
  inboxOptOutMessages,
  attachmentMessages,
  flowsMessages,
  spendMessages,
  adminMessages,
  knowledgeMessages,
  cannedResponsesMessages,
  optOutMessages,
  webhooksMessages,
  teamsMessages,
  setupMessages,
  aiProvidersMessages,
  whatsappConnectionMessages,
  testPhoneMessages,
  botSettingsMessages,
  contactsMessages,
  campaignsMessages,
] as const;

type KeysOf<M> = M extends MessageModule<infer K> ? K : never;
type AllKeys = KeysOf<(typeof MESSAGE_MODULES)[number]>;
/** `inbox.unread_one` + `inbox.unread_other` also give `inbox.unread` (pick by the count parameter). */
type PluralBase<K> = K extends `${infer Base}_other` ? Base : never;
export type MessageKey = AllKeys | PluralBase<AllKeys>;

export const CATALOG: Record<Language, Record<string, string>> = {
  en: Object.assign({}, ...MESSAGE_MODULES.map((module) => module.en)),
  'pt-BR': Object.assign({}, ...MESSAGE_MODULES.map((module) => module['pt-BR'])),
};
