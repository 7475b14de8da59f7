// Settings forms for the bot, voice and budgets (admin and platform screens), and their strings.
export { BotSettingsForm } from './BotSettingsForm';
export { BudgetAlertsForm } from './BudgetAlertsForm';
export { HttpToolsEditor } from './HttpToolsEditor';
export { ClientBudgetForm } from './ClientBudgetForm';
export { VoiceSettingsForm } from './VoiceSettingsForm';
export { botSettingsMessages } from './messages';
