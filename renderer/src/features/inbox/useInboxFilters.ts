import { create } from 'zustand';
import type { ListFilters } from './types';

/** The list's filters survive switching conversations and screens (not reloads). */
export const useInboxFilters = create<{ filters: ListFilters; setFilters(filters: ListFilters): void }>((set) => ({
  filters: { status: 'all', assigned: 'any', search: '', tests: 'all' },
  setFilters: (filters) => set({ filters }),
}));
