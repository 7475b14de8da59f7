// Whether this person wants "waiting for a person" notifications on this device (localStorage).
import { create } from 'zustand';

const STORAGE_KEY = 'uzz.notifications';

type Prefs = { enabled: boolean; setEnabled(enabled: boolean): void };

export const useNotificationPrefs = create<Prefs>((set) => ({
  enabled: localStorage.getItem(STORAGE_KEY) !== 'off',
  setEnabled(enabled) {
    localStorage.setItem(STORAGE_KEY, enabled ? 'on' : 'off');
    set({ enabled });
  },
}));
