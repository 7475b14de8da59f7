// Security headers on every response (@fastify/helmet). The Content-Security-Policy fits the
// renderer's web build: scripts and connections (tRPC, the SSE live stream) only from this
// server; styles from it plus inline styles (React Flow and other components set style
// attributes); images and audio also from data:/blob: URLs (QR codes, attachment previews) and
// https (outbound links). It matches the <meta> policy the build puts in index.html
// (vite.config.ts) and adds what a <meta> cannot: frame-ancestors. No page may frame the app
// (clickjacking), types are not sniffed, no Referer leaves the app. Routes with their own policy
// (stored media) set it on their reply, which takes precedence.
import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

export const CONTENT_SECURITY_POLICY = {
  useDefaults: false,
  directives: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'", "'unsafe-inline'"],
    imgSrc: ["'self'", 'data:', 'blob:', 'https:'],
    mediaSrc: ["'self'", 'blob:', 'https:'],
    fontSrc: ["'self'"],
    connectSrc: ["'self'"],
    objectSrc: ["'none'"],
    baseUri: ["'self'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
    // No upgrade-insecure-requests: the desktop app and LAN installs serve plain http.
  },
};

export async function registerSecurityHeaders(http: FastifyInstance): Promise<void> {
  await http.register(helmet, {
    contentSecurityPolicy: CONTENT_SECURITY_POLICY,
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
  });
}
