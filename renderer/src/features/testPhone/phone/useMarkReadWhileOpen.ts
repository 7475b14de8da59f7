// While a chat is open and the page visible, the customer "reads" what the business sent: the
// business's messages not yet read are reported with testPhone.markRead (their ticks turn blue).
// Each set of unread messages (with their statuses: one only sent is reported again once delivered)
// is reported once; hiding the page stops it until it is visible again.
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
    .map((message) => `${message.id}:${message.status}`).join(',');
  useEffect(() => {
    if (!canWrite || !visible || !unread || unread === reported.current) return;
    reported.current = unread;
    // A failure is not worth an alert: the next change of the thread tries again.
    testPhoneApi().markRead.mutate({ customerId })
      // The list's unread count for this customer drops to zero.
      .then(() => queryClient.invalidateQueries({ queryKey: testPhoneKeys.customers }))
      .catch(() => { reported.current = ''; });
  }, [customerId, unread, visible, canWrite, queryClient]);
}
