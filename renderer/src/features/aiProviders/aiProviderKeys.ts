/** React Query keys of this feature (invalidated together after a save or a removal). */
export const aiProviderKeys = {
  all: ['aiProviders'] as const,
  list: (clientId: string | null) => ['aiProviders', 'list', clientId] as const,
  status: (clientId: string | null) => ['aiProviders', 'status', clientId] as const,
  fallback: (clientId: string | null) => ['aiProviders', 'fallback', clientId] as const,
};
