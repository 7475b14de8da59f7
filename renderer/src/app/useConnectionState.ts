// The live connection's state, shown in the top bar ("Reconnecting…"): set by the live-event
// subscription, read anywhere.
import { create } from 'zustand';

export type ConnectionState = 'idle' | 'live' | 'reconnecting';

export const useConnectionState = create<{ state: ConnectionState; set(state: ConnectionState): void }>((set) => ({
  state: 'idle',
  set: (state) => set({ state }),
}));
