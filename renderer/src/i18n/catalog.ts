// Every feature's strings. A new feature adds its `messages.ts` module to this list.
import { authMessages } from '../features/auth/messages';
import { inboxMessages } from '../features/inbox/messages';
import { settingsMessages } from '../features/settings/messages';
import { commonMessages } from './commonMessages';
import type { Language, MessageModule } from './defineMessages';

const MODULES = [commonMessages, authMessages, settingsMessages, inboxMessages] as const;

type KeysOf<M> = M extends MessageModule<infer K> ? K : never;
export type MessageKey = KeysOf<(typeof MODULES)[number]>;

export const CATALOG: Record<Language, Record<string, string>> = {
  en: Object.assign({}, ...MODULES.map((module) => module.en)),
  'pt-BR': Object.assign({}, ...MODULES.map((module) => module['pt-BR'])),
};
