// While a chat is open and the page visible, the customer "reads" what the business sends: the
// chat is reported open (testPhone.markRead with open: true, so the sandbox reads new replies at
// once) and closed again when the phone is left or the page hidden. Business messages still unread
// (for instance delivered before the chat was opened) are reported too, once per set of statuses.
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { testPhoneApi, testPhoneKeys, type PhoneMessage } from '../testPhoneApi';

const usePageVisible = () => {
  const [visible, setVisible] = useState(() => typeof document === 'undefined' || document.visibilityState === 'visible');
  useEffect(() => {
    const update = () => setVisible(document.visibilityState === 'visible');
    document.addEventListener('visibilitychange', update);
    return () => document.removeEventListener('visibilitychange', update);
  }, []);
  return visible;
};

export function useMarkReadWhileOpen(customerId: string, messages: PhoneMessage[], canWrite: boolean) {
  const visible = usePageVisible();
  const queryClient = useQueryClient();
  const reported = useRef<string>('');
  const unread = messages
    .filter((message) => !message.fromCustomer && (message.status === 'sent' || message.status === 'delivered'))
    .map((message) => `${message.id}:${message.status}`)
    .join(',');

  // Open while shown; closed when the customer is switched, the screen left or the page hidden.
  // Failures are not worth an alert: the unread report below tries again on the next change.
  useEffect(() => {
    if (!canWrite || !visible) return;
    testPhoneApi()
      .markRead.mutate({ customerId, open: true })
      .catch(() => undefined);
    return () => {
      testPhoneApi()
        .markRead.mutate({ customerId, open: false })
        .catch(() => undefined);
    };
  }, [customerId, visible, canWrite]);

  useEffect(() => {
    if (!canWrite || !visible || !unread || unread === reported.current) return;
    reported.current = unread;
    testPhoneApi()
      .markRead.mutate({ customerId, open: true })
      // The list's unread count for this customer drops to zero.
      .then(() => queryClient.invalidateQueries({ queryKey: testPhoneKeys.customers }))
      .catch(() => {
        reported.current = '';
      });
  }, [customerId, unread, visible, canWrite, queryClient]);
}
