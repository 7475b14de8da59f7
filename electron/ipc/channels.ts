// IPC channel names, shared by the preload and the main process.
export const IPC = {
  server: 'uzz:server',
  openServer: 'uzz:open-server',
  notify: 'uzz:notify',
  setBadge: 'uzz:set-badge',
  openExternal: 'uzz:open-external',
  notificationClicked: 'uzz:notification-clicked',
} as const;
