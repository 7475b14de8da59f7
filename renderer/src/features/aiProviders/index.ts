// The "Connect a model provider" feature: the settings panel, the empty-state banner, the inbox's
// note under a fallback reply, and its strings.
export { AiProvidersPanel } from './AiProvidersPanel';
export { NoProviderBanner, AI_SETTINGS_TAB } from './NoProviderBanner';
export { ReplyNotice } from './ReplyNotice';
export { aiProvidersMessages } from './messages';
