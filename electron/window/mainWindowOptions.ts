import type { BrowserWindowConstructorOptions } from 'electron';

/** The window's web preferences are the security boundary: isolated, sandboxed, no Node. */
export function mainWindowOptions(preloadPath: string, appVersion: string): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 800,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'UZZ.AI',
    backgroundColor: '#f5f6f8',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: true,
      // The sandboxed preload cannot ask the app for its version: it reads this argument.
      additionalArguments: [`--uzz-app-version=${appVersion}`],
    },
  };
}
