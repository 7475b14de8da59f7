// The import rules of CONTRIBUTING.md ("Layout"), held against the code on every `npm test`.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { findBoundaryViolations } from '../testing/boundaries/findBoundaryViolations.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

describe('feature boundaries', () => {
  it('holds in this code base', () => {
    expect(findBoundaryViolations(ROOT)).toEqual([]);
  });
});

describe('the boundary checker', () => {
  let fixture: string;
  afterEach(() => fs.rmSync(fixture, { recursive: true, force: true }));

  function write(files: Record<string, string>) {
    fixture = fs.mkdtempSync(path.join(os.tmpdir(), 'uzz-boundaries-'));
    for (const [file, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(fixture, file)), { recursive: true });
      fs.writeFileSync(path.join(fixture, file), text);
    }
  }

  it('accepts features that meet only at their index.ts, in one direction', () => {
    write({
      'server/features/a/index.ts': "export { a } from './a.js';\n",
      'server/features/a/a.ts': "import { b } from '../b/index.js';\nexport const a = b;\n",
      'server/features/b/index.ts': 'export const b = 1;\n',
      'server/features/b/b.test.ts': "import { a } from '../a/a.js';\n", // tests may reach in
      'shared/api.ts': "export type { AppRouter } from '../server/trpc/appRouter.js';\n",
      'renderer/src/trpc.ts': "import type { AppRouter } from '#shared/api.js';\nimport { x } from './x.js';\n",
      'renderer/src/x.ts':
        "import type { Thing } from '../../server/features/a/a.js';\nimport type { DesktopApi } from '../../electron/desktopApi.js';\nexport const x = 1;\n",
      'renderer/src/y.ts': "import type { DesktopApi } from '#electron/desktopApi';\nimport { x } from '#renderer/x';\nimport { b } from '#shared/api.js';\n",
    });
    expect(findBoundaryViolations(fixture)).toEqual([]);
  });

  it('reports a reach inside another feature, a cycle, and the renderer and shared leaving their side', () => {
    write({
      'server/features/a/index.ts': 'export const a = 1;\n',
      'server/features/a/useB.ts': "import { b } from '../b/index.js';\nexport const c = b;\n",
      'server/features/b/index.ts': "import type { A } from '../a/index.js';\nexport const b = 1;\n",
      'server/features/b/inside.ts': "export { a } from '../a/useB.js';\n",
      'renderer/src/screen.tsx': "import { b } from '../../server/features/b/index.js';\nimport type { X } from '../../electron/main.js';\n",
      'shared/rules.ts': "import fs from 'node:fs';\nimport path from 'path';\nimport { b } from '../server/features/b/index.js';\n",
      // The same mistakes written through the path aliases are the same mistakes.
      'server/features/c/viaAlias.ts': "import { c } from '#server/features/a/useB.js';\n",
      'renderer/src/aliased.tsx': "import { b } from '#server/features/b/index.js';\nimport { s } from '#renderer/screen';\n",
    });
    expect(findBoundaryViolations(fixture)).toEqual(
      expect.arrayContaining([
        { rule: 'inside-another-feature', from: 'server/features/b/inside.ts', to: 'server/features/a/useB.ts' },
        { rule: 'feature-cycle', features: ['a', 'b'] },
        { rule: 'renderer-imports-server', from: 'renderer/src/screen.tsx', to: 'server/features/b/index.ts' },
        { rule: 'renderer-imports-outside', from: 'renderer/src/screen.tsx', to: 'electron/main.ts' },
        { rule: 'shared-imports-outside', from: 'shared/rules.ts', to: 'node:fs' },
        { rule: 'shared-imports-outside', from: 'shared/rules.ts', to: 'path' },
        { rule: 'shared-imports-outside', from: 'shared/rules.ts', to: 'server/features/b/index.ts' },
        { rule: 'inside-another-feature', from: 'server/features/c/viaAlias.ts', to: 'server/features/a/useB.ts' },
        { rule: 'renderer-imports-server', from: 'renderer/src/aliased.tsx', to: 'server/features/b/index.ts' },
      ]),
    );
    expect(findBoundaryViolations(fixture)).toHaveLength(9);
  });
});
