import { defineMessages } from '#renderer/i18n/defineMessages';

export const optOutMessages = defineMessages({
  en: {
    'optOut.tab': 'Opt-out',
    'optOut.title': 'Customer opt-out',
    'optOut.help':
      'A customer who sends one of these words (the whole message; case and accents do not matter) stops receiving templates and broadcasts, and gets the confirmation once. The other words bring them back.',
    'optOut.stopWords': 'Words that stop messages',
    'optOut.startWords': 'Words that restart messages',
    'optOut.wordsHint': 'Separate the words with commas.',
    'optOut.stopReply': 'Confirmation when a customer opts out',
    'optOut.startReply': 'Confirmation when a customer opts back in',
    'optOut.reset': 'Restore the defaults',
  },
  'pt-BR': {
    'optOut.tab': 'Descadastro',
    'optOut.title': 'Descadastro de clientes',
    'optOut.help':
      'Um cliente que enviar uma destas palavras (a mensagem inteira; maiúsculas e acentos não importam) deixa de receber modelos e disparos, e recebe a confirmação uma vez. As outras palavras o trazem de volta.',
    'optOut.stopWords': 'Palavras que param as mensagens',
    'optOut.startWords': 'Palavras que retomam as mensagens',
    'optOut.wordsHint': 'Separe as palavras com vírgulas.',
    'optOut.stopReply': 'Confirmação quando o cliente se descadastra',
    'optOut.startReply': 'Confirmação quando o cliente volta',
    'optOut.reset': 'Restaurar o padrão',
  },
});
