import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BUILD_STAMP, decideWebBuild } from './webBuildFreshness.js';

describe('whether npm start builds the web app first', () => {
  let root: string;
  let outDir: string;
  const write = (file: string, text = 'x', mtimeMs?: number) => {
    const full = path.join(root, file);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, text);
    if (mtimeMs !== undefined) fs.utimesSync(full, mtimeMs / 1000, mtimeMs / 1000);
  };
  const T0 = Date.UTC(2026, 0, 1);
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'uzz-webbuild-'));
    outDir = path.join(root, 'dist', 'renderer');
    write('renderer/index.html', '<html>', T0);
    write('renderer/src/main.tsx', 'main', T0);
    write('shared/api.ts', 'api', T0);
    write('vite.config.ts', 'config', T0);
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('builds when there is no build', () => {
    expect(decideWebBuild(root, outDir)).toEqual({ action: 'build', reason: 'there is no web build yet' });
  });

  it('serves a build stamped with the newest source time, and rebuilds once any source is newer', () => {
    write('dist/renderer/index.html', '<html>', T0 - 60_000);
    write(`dist/renderer/${BUILD_STAMP}`, JSON.stringify({ sourcesMtimeMs: T0 }));
    expect(decideWebBuild(root, outDir).action).toBe('serve');
    for (const source of ['renderer/src/features/new.tsx', 'shared/flows/blocks.ts', 'vite.config.ts', 'renderer/index.html']) {
      write(source, 'changed', T0 + 1000);
      expect(decideWebBuild(root, outDir), source).toEqual({ action: 'build', reason: `${source} changed since the last build` });
      fs.utimesSync(path.join(root, source), T0 / 1000, T0 / 1000);
    }
  });

  it('dates a build without a stamp (npm run build) by its index.html', () => {
    write('dist/renderer/index.html', '<html>', T0 + 5000);
    expect(decideWebBuild(root, outDir).action).toBe('serve');
    write('renderer/src/main.tsx', 'changed', T0 + 10_000);
    expect(decideWebBuild(root, outDir).action).toBe('build');
  });

  it('ignores node_modules and dot folders among the sources', () => {
    write('dist/renderer/index.html', '<html>', T0 + 5000);
    write('renderer/node_modules/x/index.js', 'x', T0 + 10_000);
    write('shared/.cache/x', 'x', T0 + 10_000);
    expect(decideWebBuild(root, outDir).action).toBe('serve');
  });

  it('ignores test files, which no build includes: only a changed source rebuilds', () => {
    write('dist/renderer/index.html', '<html>', T0 + 5000);
    write('renderer/src/features/inbox/inbox.test.ts', 'x', T0 + 10_000);
    write('shared/flows/validateFlow.test.ts', 'x', T0 + 10_000);
    write('renderer/src/app.spec.tsx', 'x', T0 + 10_000);
    expect(decideWebBuild(root, outDir).action).toBe('serve');
    write('shared/flows/validateFlow.ts', 'x', T0 + 10_000);
    expect(decideWebBuild(root, outDir)).toMatchObject({ action: 'build', reason: expect.stringContaining('validateFlow.ts') });
  });

  it('without sources (a packaged app) serves what it ships, or reports that nothing can be served', () => {
    fs.rmSync(path.join(root, 'renderer'), { recursive: true });
    expect(decideWebBuild(root, outDir).action).toBe('missing');
    write('dist/renderer/index.html', '<html>', T0 - 1e9);
    expect(decideWebBuild(root, outDir).action).toBe('serve');
  });
});
