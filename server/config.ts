// Server configuration from environment variables (documented in the README). Invalid values are a
// ConfigError with a one-line reason, reported by the entry points before anything is written.
import path from 'node:path';
import { ConfigError, parseDatabaseUrl, type DatabaseTarget } from './db/databaseUrl.js';

export type ServerConfig = {
  host: string;
  port: number;
  dataDir: string;
  database: DatabaseTarget;
  /** PostgreSQL role the server runs queries as (row-level security applies to it). */
  databaseAppRole: string;
  masterKey: string | undefined;
  logLevel: string;
  /** Folder of the renderer's web build, served at `/` when it exists. */
  webDir: string;
  whatsapp: { graphUrl: string; apiVersion: string; appSecret: string | undefined; verifyToken: string | undefined; orderGraceMs?: number; inboxLeaseMs?: number; outboxLeaseMs?: number };
  providers: { openaiBaseUrl: string; groqBaseUrl: string; anthropicBaseUrl: string };
  /** Per-launch token required on every request (the desktop app's local server). */
  launchToken: string | undefined;
  /** Requests to private addresses from flow HTTP blocks and webhooks (tests and local setups). */
  allowPrivateNetwork: boolean;
};

export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): ServerConfig {
  const dataDir = path.resolve(cwd, env.DATA_DIR || './data');
  return {
    host: env.HOST || '127.0.0.1',
    port: parsePort(env.PORT),
    dataDir,
    database: parseDatabaseUrl(env.DATABASE_URL, dataDir),
    databaseAppRole: env.DATABASE_APP_ROLE || 'uzz_app',
    masterKey: env.MASTER_KEY || undefined,
    logLevel: env.LOG_LEVEL || 'info',
    webDir: path.resolve(cwd, env.WEB_DIR || 'dist/renderer'),
    whatsapp: {
      graphUrl: trimSlash(env.WHATSAPP_GRAPH_URL || 'https://graph.facebook.com'),
      apiVersion: env.WHATSAPP_API_VERSION || 'v23.0',
      appSecret: env.WHATSAPP_APP_SECRET || undefined,
      verifyToken: env.WHATSAPP_VERIFY_TOKEN || undefined,
      // How long a customer's message waits for an earlier one Meta may still deliver (ordering by WhatsApp's timestamp).
      orderGraceMs: parseMs('WHATSAPP_ORDER_GRACE_MS', env.WHATSAPP_ORDER_GRACE_MS, 1000, 0, 60_000),
      // How long a crashed process's inbox event / outbound send stays leased (defaults 60 s / 120 s).
      inboxLeaseMs: parseMs('WHATSAPP_INBOX_LEASE_MS', env.WHATSAPP_INBOX_LEASE_MS, undefined, 1000, 3_600_000),
      outboxLeaseMs: parseMs('WHATSAPP_OUTBOX_LEASE_MS', env.WHATSAPP_OUTBOX_LEASE_MS, undefined, 1000, 3_600_000),
    },
    providers: {
      openaiBaseUrl: trimSlash(env.OPENAI_BASE_URL || 'https://api.openai.com/v1'),
      groqBaseUrl: trimSlash(env.GROQ_BASE_URL || 'https://api.groq.com/openai/v1'),
      anthropicBaseUrl: trimSlash(env.ANTHROPIC_BASE_URL || 'https://api.anthropic.com/v1'),
    },
    launchToken: env.UZZ_LAUNCH_TOKEN || undefined,
    allowPrivateNetwork: env.ALLOW_PRIVATE_NETWORK === '1' || env.ALLOW_PRIVATE_NETWORK === 'true',
  };
}

function parsePort(value: string | undefined): number {
  if (value === undefined || value === '') return 3000;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`PORT must be an integer from 0 to 65535 (got "${value}")`);
  return port;
}

function parseMs<D extends number | undefined>(name: string, value: string | undefined, fallback: D, min: number, max: number): number | D {
  if (value === undefined || value === '') return fallback;
  const ms = Number(value);
  if (!Number.isInteger(ms) || ms < min || ms > max) throw new ConfigError(`${name} must be an integer from ${min} to ${max} (milliseconds; got "${value}")`);
  return ms;
}

const trimSlash = (url: string) => url.replace(/\/+$/, '');
