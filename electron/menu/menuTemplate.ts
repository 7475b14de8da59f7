// The application menu with the usual shortcuts (roles give the platform's own accelerators: copy,
// paste, undo, zoom, full screen, close, quit, and the macOS app menu).
import type { MenuItemConstructorOptions } from 'electron';

export type MenuActions = { openSettings(): void; switchServer(): void; openHelp(): void; reload(): void };

export function menuTemplate(platform: NodeJS.Platform, actions: MenuActions, labels = DEFAULT_LABELS): MenuItemConstructorOptions[] {
  const isMac = platform === 'darwin';
  const file: MenuItemConstructorOptions = {
    label: labels.file,
    submenu: [
      { label: labels.settings, accelerator: 'CmdOrCtrl+,', click: () => actions.openSettings() },
      { label: labels.switchServer, accelerator: 'CmdOrCtrl+Shift+S', click: () => actions.switchServer() },
      { type: 'separator' },
      isMac ? { role: 'close' } : { role: 'quit' },
    ],
  };
  const template: MenuItemConstructorOptions[] = [
    file,
    { role: 'editMenu' },
    {
      label: labels.view,
      submenu: [
        { label: labels.reload, accelerator: 'CmdOrCtrl+R', click: () => actions.reload() },
        { role: 'toggleDevTools' },
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
    { role: 'help', submenu: [{ label: labels.help, click: () => actions.openHelp() }] },
  ];
  return isMac ? [{ role: 'appMenu' }, ...template] : template;
}

export const DEFAULT_LABELS = {
  file: 'File',
  settings: 'Settings…',
  switchServer: 'Switch server…',
  view: 'View',
  reload: 'Reload',
  help: 'UZZ.AI help',
};

export const PORTUGUESE_LABELS: typeof DEFAULT_LABELS = {
  file: 'Arquivo',
  settings: 'Configurações…',
  switchServer: 'Trocar de servidor…',
  view: 'Exibir',
  reload: 'Recarregar',
  help: 'Ajuda do UZZ.AI',
};

export const menuLabelsFor = (locale: string) => (locale.toLowerCase().startsWith('pt') ? PORTUGUESE_LABELS : DEFAULT_LABELS);
