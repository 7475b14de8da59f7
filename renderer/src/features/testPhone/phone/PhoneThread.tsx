// The chat as the customer sees it: their messages on the right (green), the business's on the
// left, with times and the business messages' delivery ticks. Keeps to the newest message as
// messages arrive, unless the user scrolled up to read.
import { useEffect, useLayoutEffect, useRef } from 'react';
import { useT } from '#renderer/i18n/useI18n';
import type { PhoneMessage } from '../testPhoneApi';
import { PhoneBubble } from './PhoneBubble';
import type { SendAsCustomer } from './useSendAsCustomer';

type Props = { customerName: string; messages: PhoneMessage[]; send: SendAsCustomer; canWrite: boolean };

export function PhoneThread({ customerName, messages, send, canWrite }: Props) {
  const t = useT();
  const scroller = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const last = messages.at(-1);
  useLayoutEffect(() => {
    const element = scroller.current;
    if (element && atBottom.current) element.scrollTop = element.scrollHeight;
  }, [last?.id, last?.status, messages.length]);
  useEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const onScroll = () => {
      atBottom.current = element.scrollHeight - element.scrollTop - element.clientHeight < 40;
    };
    element.addEventListener('scroll', onScroll);
    return () => element.removeEventListener('scroll', onScroll);
  }, []);
  return (
    <div
      className="phone-body"
      ref={scroller}
      role="log"
      aria-live="polite"
      aria-label={t('testPhone.phone.history', { name: customerName })}
      data-testid="phone-thread"
      tabIndex={0}>
      {messages.length === 0 && <p className="phone-hint">{t('testPhone.phone.empty', { name: customerName })}</p>}
      {messages.map((message) => (
        <PhoneBubble key={message.id} message={message} customerName={customerName} send={send} canWrite={canWrite} />
      ))}
    </div>
  );
}
