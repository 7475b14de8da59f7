// Draws every WhatsApp message type the way an agent needs to see it.
import type { JsonObject, JsonValue } from '#server/db/json-types.js';
import { useT } from '#renderer/i18n/useI18n';
import type { MessageView } from '../types';
import { mediaFilename, useMediaSource } from './mediaSource';

const obj = (value: JsonValue | undefined): JsonObject | null => (typeof value === 'object' && value !== null && !Array.isArray(value) ? value : null);
const str = (value: JsonValue | undefined): string | null => (typeof value === 'string' ? value : null);
const num = (value: JsonValue | undefined): number | null => (typeof value === 'number' ? value : null);

export function MessageContent({ message }: { message: MessageView }) {
  const t = useT();
  const src = useMediaSource(message);
  const text = message.content;
  const caption = text && message.type !== 'document' ? <p className="bubble-text">{text}</p> : null;
  switch (message.type) {
    case 'text':
      return <p className="bubble-text">{text}</p>;
    case 'image':
    case 'sticker':
      return (
        <>
          {src ? (
            <img src={src} alt={text ?? t(message.type === 'image' ? 'inbox.media.image' : 'inbox.media.sticker')} loading="lazy" />
          ) : (
            <p className="muted">{t('inbox.media.image')}</p>
          )}
          {message.type === 'image' && caption}
        </>
      );
    case 'video':
      return (
        <>
          {src ? <video src={src} controls preload="metadata" aria-label={t('inbox.media.video')} /> : <p className="muted">{t('inbox.media.video')}</p>}
          {caption}
        </>
      );
    case 'audio':
      return (
        <>
          {src ? <audio src={src} controls preload="metadata" aria-label={t('inbox.media.audio')} /> : <p className="muted">{t('inbox.media.audio')}</p>}
          {message.transcription && (
            <details open>
              <summary className="small muted">{t('inbox.media.transcription')}</summary>
              <p className="bubble-text">{message.transcription}</p>
            </details>
          )}
        </>
      );
    case 'document': {
      const name = mediaFilename(message);
      // A document's caption (an agent's attachment may have one besides its file name).
      const note = text && text !== name ? <p className="bubble-text">{text}</p> : null;
      return (
        <>
          {src ? (
            <a href={src} download={name} className="document-link">
              📄 {t('inbox.media.download', { name })}
            </a>
          ) : (
            <p>📄 {name}</p>
          )}
          {note}
        </>
      );
    }
    case 'location': {
      const location = obj(message.metadata.location);
      const latitude = num(location?.latitude);
      const longitude = num(location?.longitude);
      return (
        <div>
          <p className="bubble-text">
            📍 {str(location?.name) ?? t('inbox.location')}
            {str(location?.address) ? ` — ${str(location?.address)}` : ''}
          </p>
          {latitude !== null && longitude !== null && (
            <a href={`https://www.openstreetmap.org/?mlat=${latitude}&mlon=${longitude}#map=16/${latitude}/${longitude}`} target="_blank" rel="noreferrer">
              {t('inbox.location.open')} ({latitude.toFixed(5)}, {longitude.toFixed(5)})
            </a>
          )}
        </div>
      );
    }
    case 'contacts': {
      const cards = Array.isArray(message.metadata.contacts) ? message.metadata.contacts.map(obj).filter((card): card is JsonObject => card !== null) : [];
      return (
        <div>
          <p className="small muted">{t('inbox.contacts')}</p>
          {cards.map((card, index) => {
            const name = str(obj(card.name)?.formatted_name) ?? text ?? '';
            const phones = Array.isArray(card.phones) ? card.phones.map((phone) => str(obj(phone)?.phone)).filter(Boolean) : [];
            return (
              <p key={index} className="bubble-text">
                👤 {name}
                {phones.length ? ` · ${phones.join(', ')}` : ''}
              </p>
            );
          })}
        </div>
      );
    }
    case 'reaction':
      return <p className="bubble-text">{t('inbox.reaction', { emoji: text ?? '' })}</p>;
    case 'interactive': {
      const interactive = obj(message.metadata.interactive);
      const buttons = Array.isArray(interactive?.buttons) ? interactive.buttons.map((button) => str(obj(button)?.title)).filter(Boolean) : [];
      const listButton = str(interactive?.buttonText);
      return (
        <div>
          {str(interactive?.header) && (
            <p className="bubble-text">
              <strong>{str(interactive?.header)}</strong>
            </p>
          )}
          <p className="bubble-text">{text}</p>
          {str(interactive?.footer) && <p className="small muted">{str(interactive?.footer)}</p>}
          {buttons.length > 0 && (
            <div className="interactive-buttons" aria-label={t('inbox.buttons')}>
              {buttons.map((title) => (
                <span key={title}>{title}</span>
              ))}
            </div>
          )}
          {listButton && (
            <div className="interactive-buttons">
              <span>☰ {t('inbox.list.button', { button: listButton })}</span>
            </div>
          )}
        </div>
      );
    }
    case 'button':
      return <p className="bubble-text">🔘 {text}</p>;
    case 'template': {
      const template = obj(message.metadata.template);
      return (
        <p className="bubble-text">
          📋 {t('inbox.template', { name: str(template?.name) ?? '' })}
          {text && !text.startsWith('[template') ? `: ${text}` : ''}
        </p>
      );
    }
    case 'order':
      return <p className="bubble-text">🛒 {text}</p>;
    case 'system':
      return (
        <p className="bubble-text muted">
          {t('inbox.system')}: {text}
        </p>
      );
    case 'unsupported':
      return (
        <p className="bubble-text muted">
          {t('inbox.unsupported')}
          {text ? ` (${text})` : ''}
        </p>
      );
  }
}
