// Strings of the composer's attachments (the attach button, its label and the caption field are in
// ../messages.ts as inbox.composer.attach/attachment/removeAttachment/caption).
import { defineMessages } from '#renderer/i18n/defineMessages';

export const attachmentMessages = defineMessages({
  en: {
    'inbox.attach.preview': 'Attachment to send',
    'inbox.attach.send': 'Send file',
    'inbox.attach.cancel': 'Cancel upload',
    'inbox.attach.progress': 'Uploading {percent}%',
    'inbox.attach.progressLabel': 'Upload progress',
    'inbox.attach.dropHere': 'Drop the file to attach it',
    'inbox.attach.kind.image': 'Image',
    'inbox.attach.kind.video': 'Video',
    'inbox.attach.kind.audio': 'Audio',
    'inbox.attach.kind.document': 'Document',
    'inbox.attach.kind.sticker': 'Sticker',
    'inbox.attach.error.type':
      '“{name}” cannot be sent: WhatsApp does not accept this type of file ({type}). Send JPEG or PNG images, MP4 or 3GP videos, AAC, AMR, MP3, M4A or OGG audio, WebP stickers, or PDF, Word, Excel, PowerPoint or text documents.',
    'inbox.attach.error.size': '“{name}” is {size}: WhatsApp accepts {kind} files of at most {max}.',
    'inbox.attach.error.empty': '“{name}” is empty.',
    'inbox.attach.error.refused': 'The file was not sent: {reason}',
    'inbox.attach.error.network': 'The file could not be uploaded: the connection to the server failed.',
  },
  'pt-BR': {
    'inbox.attach.preview': 'Anexo a enviar',
    'inbox.attach.send': 'Enviar arquivo',
    'inbox.attach.cancel': 'Cancelar envio',
    'inbox.attach.progress': 'Enviando {percent}%',
    'inbox.attach.progressLabel': 'Progresso do envio',
    'inbox.attach.dropHere': 'Solte o arquivo para anexá-lo',
    'inbox.attach.kind.image': 'Imagem',
    'inbox.attach.kind.video': 'Vídeo',
    'inbox.attach.kind.audio': 'Áudio',
    'inbox.attach.kind.document': 'Documento',
    'inbox.attach.kind.sticker': 'Figurinha',
    'inbox.attach.error.type':
      '“{name}” não pode ser enviado: o WhatsApp não aceita este tipo de arquivo ({type}). Envie imagens JPEG ou PNG, vídeos MP4 ou 3GP, áudios AAC, AMR, MP3, M4A ou OGG, figurinhas WebP, ou documentos PDF, Word, Excel, PowerPoint ou texto.',
    'inbox.attach.error.size': '“{name}” tem {size}: o WhatsApp aceita arquivos de {kind} de no máximo {max}.',
    'inbox.attach.error.empty': '“{name}” está vazio.',
    'inbox.attach.error.refused': 'O arquivo não foi enviado: {reason}',
    'inbox.attach.error.network': 'Não foi possível enviar o arquivo: a conexão com o servidor falhou.',
  },
});
