// Which client the administration screens act for. A client's own administrators always act for
// their client (no clientId is sent: the server uses the session's). The platform administrator
// picks one; the choice is kept while moving between screens.
import { create } from 'zustand';
import { useMe } from '../auth/useMe';

type AdminClientState = { picked: string | null; pick(clientId: string | null): void };

export const useAdminClientStore = create<AdminClientState>((set) => ({ picked: null, pick: (picked) => set({ picked }) }));

/** `{ clientId }` to spread into inputs (empty for a client's own admins), and whether one is chosen. */
export function useAdminClient(): { ready: boolean; clientId: string | null; input: { clientId?: string }; isPlatformAdmin: boolean } {
  const me = useMe().data;
  const picked = useAdminClientStore((state) => state.picked);
  if (!me?.isPlatformAdmin) return { ready: Boolean(me?.clientId), clientId: me?.clientId ?? null, input: {}, isPlatformAdmin: false };
  const clientId = picked ?? me.clientId;
  return { ready: Boolean(clientId), clientId, input: clientId ? { clientId } : {}, isPlatformAdmin: true };
}
