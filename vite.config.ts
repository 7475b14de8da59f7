// The renderer's build: renderer/ → dist/renderer (served by the server at `/`, loaded by Electron).
// `npx vite` serves it with /trpc proxied to a running server (UZZ_DEV_SERVER, default :3000).
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  root: 'renderer',
  base: '/',
  plugins: [react(), contentSecurityPolicy()],
  // #renderer/… is the renderer's own alias (renderer/tsconfig.json `paths`); #server/… and #shared/…
  // come from package.json `imports`, which Vite reads itself.
  resolve: { alias: { '#renderer': fileURLToPath(new URL('./renderer/src', import.meta.url)) } },
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    sourcemap: true,
    target: 'es2022',
  },
  server: {
    proxy: { '/trpc': process.env.UZZ_DEV_SERVER ?? 'http://127.0.0.1:3000', '/media': process.env.UZZ_DEV_SERVER ?? 'http://127.0.0.1:3000' },
  },
});

/**
 * The strict content security policy, in the built page only: the dev server needs inline scripts
 * for hot reload. Media may come from https (outbound links) and blob: (attachments being sent).
 */
function contentSecurityPolicy(): Plugin {
  const policy = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob: https:",
    "media-src 'self' blob: https:",
    "connect-src 'self'",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
  ].join('; ');
  return {
    name: 'uzz-csp',
    apply: 'build',
    transformIndexHtml: () => [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: policy }, injectTo: 'head-prepend' }],
  };
}
