// A stand-in for the `electron` module in unit tests (the binary cannot run here): records what
// the main process asks of it and lets tests fire app events and IPC calls.
import { EventEmitter } from 'node:events';

type Handler = (event: unknown, ...args: unknown[]) => unknown;

export function createFakeElectron(options: { userData: string; singleInstance?: boolean; locale?: string }) {
  const appEvents = new EventEmitter();
  const ipcHandlers = new Map<string, Handler>();
  const windows: FakeWindow[] = [];
  const notifications: { title: string; body: string; emitter: EventEmitter }[] = [];
  const webRequest: { beforeSendHeaders?: Handler; headersReceived?: Handler } = {};
  const calls = { quit: 0, badge: [] as number[], openExternal: [] as string[], menus: [] as unknown[], permissionHandler: null as null | Handler };

  class FakeWebContents extends EventEmitter {
    sent: unknown[][] = [];
    windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
    send(...args: unknown[]) {
      this.sent.push(args);
    }
    setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
      this.windowOpenHandler = handler;
    }
    reload() {}
  }
  class FakeWindow extends EventEmitter {
    options: unknown;
    loaded: string[] = [];
    webContents = new FakeWebContents();
    shown = 0;
    constructor(options: unknown) {
      super();
      this.options = options;
      windows.push(this);
      appEvents.emit('web-contents-created', {}, this.webContents);
    }
    async loadURL(url: string) {
      this.loaded.push(url);
    }
    isMinimized() {
      return false;
    }
    restore() {}
    show() {
      this.shown++;
    }
    focus() {}
  }
  class FakeTray extends EventEmitter {
    tooltip = '';
    title = '';
    setToolTip(text: string) {
      this.tooltip = text;
    }
    setTitle(text: string) {
      this.title = text;
    }
    setContextMenu() {}
  }
  let tray: FakeTray | null = null;
  class TrackedTray extends FakeTray {
    constructor() {
      super();
      // eslint-disable-next-line @typescript-eslint/no-this-alias -- records the tray the code under test created, for the test to drive
      tray = this;
    }
  }
  class FakeNotification extends EventEmitter {
    static isSupported = () => true;
    constructor(private readonly init: { title: string; body: string }) {
      super();
    }
    show() {
      notifications.push({ ...this.init, emitter: this });
    }
  }

  const module = {
    app: Object.assign(appEvents, {
      requestSingleInstanceLock: () => options.singleInstance ?? true,
      quit: () => {
        calls.quit++;
        appEvents.emit('before-quit', { preventDefault() {} });
      },
      getPath: (name: string) => (name === 'userData' ? options.userData : `/tmp/${name}`),
      getLocale: () => options.locale ?? 'en-US',
      getVersion: () => '9.9.9-test',
      whenReady: async () => {},
      setAppUserModelId: () => {},
      setBadgeCount: (count: number) => calls.badge.push(count),
    }),
    BrowserWindow: FakeWindow,
    Tray: TrackedTray,
    Notification: FakeNotification,
    Menu: {
      buildFromTemplate: (template: unknown) => ({ template }),
      setApplicationMenu: (menu: unknown) => calls.menus.push(menu),
    },
    nativeImage: { createFromPath: (file: string) => ({ file }) },
    shell: {
      openExternal: async (url: string) => {
        calls.openExternal.push(url);
      },
    },
    ipcMain: {
      handle: (channel: string, handler: Handler) => ipcHandlers.set(channel, handler),
    },
    session: {
      defaultSession: {
        webRequest: {
          onBeforeSendHeaders: (handler: Handler) => (webRequest.beforeSendHeaders = handler),
          onHeadersReceived: (handler: Handler) => (webRequest.headersReceived = handler),
        },
        setPermissionRequestHandler: (handler: Handler) => (calls.permissionHandler = handler),
      },
    },
  };

  return {
    module,
    windows,
    notifications,
    ipcHandlers,
    webRequest,
    calls,
    tray: () => tray,
    /** Calls an IPC handler as the page at `fromUrl` would. */
    invoke: (channel: string, fromUrl: string, ...args: unknown[]) => {
      const handler = ipcHandlers.get(channel);
      if (!handler) throw new Error(`no handler for ${channel}`);
      return Promise.resolve().then(() => handler({ senderFrame: { url: fromUrl } }, ...args));
    },
  };
}

export type FakeElectron = ReturnType<typeof createFakeElectron>;
