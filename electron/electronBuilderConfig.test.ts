// electron-builder.yml, checked offline by the same script CI and developers run.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '..');
const script = path.join(root, 'scripts', 'validate-electron-builder.mjs');
const original = fs.readFileSync(path.join(root, 'electron-builder.yml'), 'utf8');

async function validate(yaml?: string): Promise<{ code: number; output: string }> {
  let file: string | undefined;
  if (yaml !== undefined) {
    file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'uzz-eb-')), 'electron-builder.yml');
    fs.writeFileSync(file, yaml);
  }
  try {
    const { stdout, stderr } = await run(process.execPath, file ? [script, file] : [script], { cwd: root });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, output: failed.stdout + failed.stderr };
  } finally {
    if (file) fs.rmSync(path.dirname(file), { recursive: true, force: true });
  }
}

describe('electron-builder.yml', () => {
  it('is valid for Linux, Windows and macOS', { timeout: 120_000 }, async () => {
    const result = await validate();
    expect(result.output).toContain('VALID electron-builder.yml (linux: AppImage, deb; win: nsis; mac: dmg)');
    expect(result.code).toBe(0);
  });

  it("is rejected with the reason when electron-builder's schema refuses it", { timeout: 120_000 }, async () => {
    const result = await validate(`${original}\nbogusKey: 1\n`);
    expect(result.code).toBe(1);
    expect(result.output).toMatch(/unknown property 'bogusKey'/);
  });

  it('is rejected when native modules would stay inside the archive or a platform lost its target', { timeout: 120_000 }, async () => {
    const packed = await validate(original.replace("  - '**/*.node'\n", ''));
    expect(original).toContain("  - '**/*.node'\n");
    expect(packed.code).toBe(1);
    expect(packed.output).toContain('asarUnpack must include **/*.node');
    const noMac = await validate(original.replace('    - dmg\n', '    - zip\n'));
    expect(noMac.code).toBe(1);
    expect(noMac.output).toContain('mac.target must include dmg');
  });

  it('is rejected when the compiled server is left out or the server sources are shipped', { timeout: 120_000 }, async () => {
    expect(original).toContain('  - dist/node/**/*\n');
    const noServer = await validate(original.replace('  - dist/node/**/*\n', ''));
    expect(noServer.code).toBe(1);
    expect(noServer.output).toContain('files must include dist/node/**/*');
    const sources = await validate(original.replace('  - bin/**/*\n', '  - bin/**/*\n  - server/**/*\n'));
    expect(sources.code).toBe(1);
    expect(sources.output).toContain('files must not include server/**/* (the app runs dist/node)');
  });
});
