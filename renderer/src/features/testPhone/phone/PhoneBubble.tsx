// One chat bubble on the phone. The business's buttons and lists are live here: tapping one sends
// the customer's button_reply / list_reply with that option's id and title, quoting the message.
import { useState } from 'react';
import { formatTime } from '#renderer/i18n/formatters';
import { useI18n, useT } from '#renderer/i18n/useI18n';
import type { PhoneMessage } from '../testPhoneApi';
import { ListSheet } from './ListSheet';
import { PhoneMedia } from './PhoneMedia';
import { PhoneTicks } from './PhoneTicks';
import { readPhoneMessage, type PhoneContent } from './readPhoneMessage';
import type { SendAsCustomer } from './useSendAsCustomer';

type Props = { message: PhoneMessage; customerName: string; send: SendAsCustomer; canWrite: boolean };

export function PhoneBubble({ message, customerName, send, canWrite }: Props) {
  const t = useT();
  const language = useI18n((state) => state.language);
  const content = readPhoneMessage(message);
  const mine = message.fromCustomer;
  const canTap = canWrite && !mine && !send.sending;
  const [listOpen, setListOpen] = useState(false);
  const contextWamid = message.wamid ?? undefined;
  return (
    <div
      className={`phone-row ${mine ? 'mine' : 'theirs'}`}
      data-testid="phone-message"
      data-from={mine ? 'customer' : 'business'}
      data-status={message.status ?? ''}>
      <article className="phone-bubble" aria-label={mine ? t('testPhone.phone.customerSaid', { name: customerName }) : t('testPhone.phone.businessSaid')}>
        <BubbleContent content={content} message={message} />
        <div className="phone-meta">
          <time dateTime={message.timestamp}>{formatTime(message.timestamp, language)}</time>
          {!mine && message.status && <PhoneTicks status={message.status} />}
        </div>
      </article>
      {content.kind === 'buttons' && content.buttons.length > 0 && (
        <div className="phone-buttons" role="group" aria-label={t('inbox.buttons')}>
          {content.buttons.map((button) => (
            <button
              key={button.id}
              type="button"
              className="phone-button"
              disabled={!canTap}
              aria-label={t('testPhone.reply', { title: button.title })}
              onClick={() => void send.send({ type: 'button_reply', id: button.id, title: button.title, contextWamid })}>
              ↩ {button.title}
            </button>
          ))}
        </div>
      )}
      {content.kind === 'list' && (
        <div className="phone-buttons">
          <button
            type="button"
            className="phone-button"
            disabled={!canTap}
            aria-label={t('testPhone.list.open', { button: content.buttonText })}
            aria-haspopup="dialog"
            onClick={() => setListOpen(true)}>
            ☰ {content.buttonText}
          </button>
        </div>
      )}
      {listOpen && content.kind === 'list' && (
        <ListSheet
          title={content.buttonText}
          sections={content.sections}
          onClose={() => setListOpen(false)}
          onPick={(row) => {
            setListOpen(false);
            void send.send({ type: 'list_reply', id: row.id, title: row.title, ...(row.description ? { description: row.description } : {}), contextWamid });
          }}
        />
      )}
    </div>
  );
}

function BubbleContent({ content, message }: { content: PhoneContent; message: PhoneMessage }) {
  const t = useT();
  switch (content.kind) {
    case 'text':
    case 'other':
      return <p className="bubble-text">{content.text}</p>;
    case 'buttons':
    case 'list':
      return (
        <>
          {content.header && (
            <p className="bubble-text">
              <strong>{content.header}</strong>
            </p>
          )}
          <p className="bubble-text">{content.body}</p>
          {content.footer && <p className="small muted">{content.footer}</p>}
        </>
      );
    case 'reply':
      return (
        <p className="bubble-text phone-reply">
          <span aria-hidden="true">↩ </span>
          {content.title}
          {content.description && <span className="small muted"> · {content.description}</span>}
        </p>
      );
    case 'media':
      return <PhoneMedia message={message} content={content} />;
    case 'location': {
      const { latitude, longitude } = content;
      return (
        <div>
          <p className="bubble-text">
            📍 {content.name ?? t('inbox.location')}
            {content.address ? ` — ${content.address}` : ''}
          </p>
          {latitude !== null && longitude !== null && (
            <a href={`https://www.openstreetmap.org/?mlat=${latitude}&mlon=${longitude}#map=16/${latitude}/${longitude}`} target="_blank" rel="noreferrer">
              {t('testPhone.location.open')} ({latitude.toFixed(5)}, {longitude.toFixed(5)})
            </a>
          )}
        </div>
      );
    }
  }
}
