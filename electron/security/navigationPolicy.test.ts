import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readDesktopState, writeDesktopState } from '../state/desktopState.js';
import { badgeText, parseBadgeCount } from '../tray/badge.js';
import { parseNotification } from '../ipc/parseNotification.js';
import { menuTemplate } from '../menu/menuTemplate.js';
import { contentSecurityPolicy } from './contentSecurityPolicy.js';
import { isAppUrl, isSafeExternalUrl, parseServerUrl } from './navigationPolicy.js';

describe('navigation policy', () => {
  const origins = ['http://127.0.0.1:4310', 'https://chat.example.com'];
  it('allows only the app origins, by exact origin', () => {
    expect(isAppUrl('http://127.0.0.1:4310/inbox/1', origins)).toBe(true);
    expect(isAppUrl('https://chat.example.com/settings', origins)).toBe(true);
    expect(isAppUrl('http://127.0.0.1:4311/', origins)).toBe(false);
    expect(isAppUrl('https://chat.example.com.evil.io/', origins)).toBe(false);
    expect(isAppUrl('file:///etc/passwd', origins)).toBe(false);
    expect(isAppUrl('not a url', origins)).toBe(false);
  });
  it('sends only http(s) and mailto to the system browser', () => {
    expect(isSafeExternalUrl('https://wa.me/55119')).toBe(true);
    expect(isSafeExternalUrl('mailto:a@b.c')).toBe(true);
    for (const url of ['file:///C:/x', 'javascript:alert(1)', 'smb://host/share', 'ms-settings:']) expect(isSafeExternalUrl(url)).toBe(false);
  });
  it('turns a typed server address into an origin, refusing credentials and other schemes', () => {
    expect(parseServerUrl('https://chat.example.com/path?q=1')).toBe('https://chat.example.com');
    expect(parseServerUrl('https://user:pass@chat.example.com')).toBeNull();
    expect(parseServerUrl('ftp://chat.example.com')).toBeNull();
    expect(parseServerUrl(42)).toBeNull();
  });
  it('has a strict content security policy (no inline or eval scripts, no framing, no plugins)', () => {
    const policy = contentSecurityPolicy();
    expect(policy).toContain("script-src 'self'");
    expect(policy).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline/);
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).toContain("object-src 'none'");
  });
});

describe('inputs crossing the IPC boundary', () => {
  it('validates notifications and badge counts', () => {
    expect(parseNotification({ title: 'Maria', body: 'x'.repeat(1000), conversationId: 'a-1' })).toEqual({
      title: 'Maria',
      body: 'x'.repeat(400),
      conversationId: 'a-1',
    });
    expect(parseNotification({ title: ' ', body: 'b' })).toBeNull();
    expect(parseNotification({ title: 't', body: 'b', conversationId: '../../x' })).toBeNull();
    expect(parseNotification('hello')).toBeNull();
    expect(parseBadgeCount(5)).toBe(5);
    expect(parseBadgeCount(1.5)).toBeNull();
    expect(parseBadgeCount('3')).toBeNull();
    expect(badgeText(0)).toBe('');
    expect(badgeText(120)).toBe('99+');
  });
});

describe('desktop state file', () => {
  it('round-trips, and gives defaults for a missing, corrupt or foreign file', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'uzz-state-'));
    expect(readDesktopState(dir)).toEqual({ localPort: null, lastServer: null });
    writeDesktopState(dir, { localPort: 4310, lastServer: 'https://chat.example.com' });
    expect(readDesktopState(dir)).toEqual({ localPort: 4310, lastServer: 'https://chat.example.com' });
    fs.writeFileSync(path.join(dir, 'desktop-state.json'), '{"localPort": 99999, "lastServer": 7}');
    expect(readDesktopState(dir)).toEqual({ localPort: null, lastServer: null });
    fs.writeFileSync(path.join(dir, 'desktop-state.json'), '{ broken');
    expect(readDesktopState(dir)).toEqual({ localPort: null, lastServer: null });
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('menu', () => {
  it('has the macOS app menu only on macOS, and close instead of quit in its File menu', () => {
    const noop = () => {};
    const actions = { openSettings: noop, switchServer: noop, openHelp: noop, reload: noop };
    const mac = menuTemplate('darwin', actions);
    const linux = menuTemplate('linux', actions);
    expect(mac[0]).toEqual({ role: 'appMenu' });
    expect(linux.some((item) => item.role === 'appMenu')).toBe(false);
    const fileItems = (menu: typeof mac) => (menu.find((item) => item.label === 'File')!.submenu as { role?: string }[]).map((item) => item.role);
    expect(fileItems(mac)).toContain('close');
    expect(fileItems(linux)).toContain('quit');
  });
});
