// Sends as the test customer (testPhone.send) and refreshes the thread; one error at a time is kept
// for the phone to show (never swallowed), cleared by the next successful send.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { errorMessage } from '#renderer/api/errorMessage';
import { testPhoneApi, testPhoneKeys, type CustomerMessage } from '../testPhoneApi';

export type SendAsCustomer = {
  send(message: CustomerMessage): Promise<boolean>;
  sending: boolean;
  error: string | null;
  /** For errors found before sending (a file too big, a bad coordinate). */
  setError(message: string): void;
  dismissError(): void;
};

export function useSendAsCustomer(customerId: string): SendAsCustomer {
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const mutation = useMutation({
    mutationFn: (message: CustomerMessage) => testPhoneApi().send.mutate({ customerId, message }),
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: testPhoneKeys.thread(customerId) });
      void queryClient.invalidateQueries({ queryKey: testPhoneKeys.customers });
    },
  });
  return {
    async send(message) {
      try {
        await mutation.mutateAsync(message);
        setError(null);
        return true;
      } catch (failure) {
        setError(errorMessage(failure));
        return false;
      }
    },
    sending: mutation.isPending,
    error,
    setError,
    dismissError: () => setError(null),
  };
}
