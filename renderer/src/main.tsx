import { QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from '@tanstack/react-router';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createQueryClient } from './api/createQueryClient';
import { router } from './app/router';
import { loadDesktopServer } from './desktop/desktopBridge';
import { clearCacheOnSignOut } from './session/clearCacheOnSignOut';
import { useSession } from './session/useSession';
import './styles.css';

await loadDesktopServer();
const queryClient = createQueryClient(() => useSession.getState().signOut());
clearCacheOnSignOut(useSession, queryClient);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  </StrictMode>,
);
