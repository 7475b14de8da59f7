// The connection as the server reports it, and the calls the wizard's steps make.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '#renderer/api/api';
import type { RouterOutputs } from '#renderer/api/createApiClient';
import { useAdminClient } from '../admin/useAdminClient';

export type Connection = RouterOutputs['whatsappConnection']['get'];

export function useConnection() {
  const { input, clientId } = useAdminClient();
  const queryClient = useQueryClient();
  const query = useQuery({ queryKey: ['whatsappConnection', clientId], queryFn: () => api().whatsappConnection.get.query(input) });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['whatsappConnection', clientId] });
  return { query, input, refresh };
}
