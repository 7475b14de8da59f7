import { defineMessages } from '#renderer/i18n/defineMessages';

export const inboxOptOutMessages = defineMessages({
  en: {
    'inbox.optOut.badge': 'Opted out',
    'inbox.optOut.since': 'since {when}',
    'inbox.optOut.byKeyword': '(sent {word}).',
    'inbox.optOut.byAgent': '(marked by an agent).',
    'inbox.optOut.effect': 'Templates and broadcasts to this customer are refused.',
    'inbox.optOut.optIn': 'Opt back in',
  },
  'pt-BR': {
    'inbox.optOut.badge': 'Descadastrado',
    'inbox.optOut.since': 'desde {when}',
    'inbox.optOut.byKeyword': '(enviou {word}).',
    'inbox.optOut.byAgent': '(marcado por um atendente).',
    'inbox.optOut.effect': 'Modelos e disparos para este cliente são recusados.',
    'inbox.optOut.optIn': 'Recadastrar',
  },
});
