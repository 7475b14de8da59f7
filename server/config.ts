// Server configuration from environment variables (documented in the README). Invalid values are a
// ConfigError with a one-line reason, reported by the entry points before anything is written.
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, parseDatabaseUrl, type DatabaseTarget } from './db/databaseUrl.js';

export type ServerConfig = {
  host: string;
  port: number;
  dataDir: string;
  /** On PostgreSQL also the runtime logins (DATABASE_APP_URL, DATABASE_SYSTEM_URL, see databaseUrl.ts). */
  database: DatabaseTarget;
  masterKey: string | undefined;
  logLevel: string;
  /** Folder of the renderer's web build, served at `/` when it exists. */
  webDir: string;
  whatsapp: {
    graphUrl: string;
    apiVersion: string;
    appSecret: string | undefined;
    verifyToken: string | undefined;
    orderGraceMs?: number;
    inboxLeaseMs?: number;
    outboxLeaseMs?: number;
    /** Messages per second the outbox sends on each business number (WHATSAPP_SEND_RATE, default 80: Meta's throughput for a new number). */
    sendRatePerSecond?: number;
  };
  providers: { openaiBaseUrl: string; groqBaseUrl: string; anthropicBaseUrl: string };
  /** Push notifications to members' devices (features/pushTokens/push). */
  push: PushConfig;
  /** How long one model provider request may take to answer (PROVIDER_TIMEOUT_MS) before the gateway moves on. */
  providerTimeoutMs: number;
  /** Per-launch token required on every request (the desktop app's local server). */
  launchToken: string | undefined;
  /** Requests to private addresses from flow HTTP blocks and webhooks (tests and local setups). */
  allowPrivateNetwork: boolean;
  /** Sign-in attempts per client address and minute (LOGIN_ATTEMPTS_PER_MINUTE, default 10). */
  loginAttemptsPerMinute: number;
  /** A session unused for this long ends (SESSION_IDLE_HOURS, default 12). */
  sessionIdleHours: number;
  /** A session ends this long after sign-in however much it is used (SESSION_MAX_DAYS, default 30). */
  sessionMaxDays: number;
  /** Burst debounce of the AI reply where the client set none (AI_DEBOUNCE_MS, default 3000; 0 answers each message at once). */
  aiDebounceMs: number;
  /** How long a crashed process's background job (an import, a campaign's sending…) stays leased (JOBS_LEASE_MS, default 60 s). */
  jobsLeaseMs?: number | undefined;
};

export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): ServerConfig {
  const dataDir = path.resolve(cwd, env.DATA_DIR || './data');
  return {
    host: env.HOST || '127.0.0.1',
    port: parsePort(env.PORT),
    dataDir,
    database: parseDatabaseUrl(env.DATABASE_URL, dataDir, env),
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
      // Meta allows 80 messages/s per number, up to 1,000 once it upgrades the number.
      sendRatePerSecond: parseSendRate(env.WHATSAPP_SEND_RATE),
    },
    providers: {
      openaiBaseUrl: trimSlash(env.OPENAI_BASE_URL || 'https://api.openai.com/v1'),
      groqBaseUrl: trimSlash(env.GROQ_BASE_URL || 'https://api.groq.com/openai/v1'),
      anthropicBaseUrl: trimSlash(env.ANTHROPIC_BASE_URL || 'https://api.anthropic.com/v1'),
    },
    push: loadPushConfig(env, cwd),
    providerTimeoutMs: parseProviderTimeout(env.PROVIDER_TIMEOUT_MS),
    launchToken: env.UZZ_LAUNCH_TOKEN || undefined,
    allowPrivateNetwork: env.ALLOW_PRIVATE_NETWORK === '1' || env.ALLOW_PRIVATE_NETWORK === 'true',
    loginAttemptsPerMinute: parsePositive('LOGIN_ATTEMPTS_PER_MINUTE', env.LOGIN_ATTEMPTS_PER_MINUTE, 10),
    sessionIdleHours: parsePositive('SESSION_IDLE_HOURS', env.SESSION_IDLE_HOURS, 12),
    sessionMaxDays: parsePositive('SESSION_MAX_DAYS', env.SESSION_MAX_DAYS, 30),
    aiDebounceMs: parseMs('AI_DEBOUNCE_MS', env.AI_DEBOUNCE_MS, 3_000, 0, 30_000),
    jobsLeaseMs: parseMs('JOBS_LEASE_MS', env.JOBS_LEASE_MS, undefined, 1000, 3_600_000),
  };
}

function parsePort(value: string | undefined): number {
  if (value === undefined || value === '') return 3000;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`PORT must be an integer from 0 to 65535 (got "${value}")`);
  return port;
}

/** Bounds: below 100 ms no provider answers; above 10 min a customer has long given up. */
function parseProviderTimeout(value: string | undefined): number {
  if (value === undefined || value.trim() === '') return 60_000;
  const ms = Number(value);
  if (!/^\s*\d+\s*$/.test(value) || ms < 100 || ms > 600_000) {
    throw new ConfigError(`PROVIDER_TIMEOUT_MS must be a whole number of milliseconds from 100 to 600000 (got "${value}")`);
  }
  return ms;
}

function parseSendRate(value: string | undefined): number {
  if (value === undefined || value.trim() === '') return 80;
  const rate = Number(value);
  if (!/^\s*\d+\s*$/.test(value) || rate < 1 || rate > 10_000) {
    throw new ConfigError(`WHATSAPP_SEND_RATE must be a whole number of messages per second from 1 to 10000 (got "${value}")`);
  }
  return rate;
}

function parsePositive(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0) throw new ConfigError(`${name} must be a positive number (got "${value}")`);
  return number;
}

function parseMs<D extends number | undefined>(name: string, value: string | undefined, fallback: D, min: number, max: number): number | D {
  if (value === undefined || value === '') return fallback;
  const ms = Number(value);
  if (!Number.isInteger(ms) || ms < min || ms > max) throw new ConfigError(`${name} must be an integer from ${min} to ${max} (milliseconds; got "${value}")`);
  return ms;
}

/** A Firebase service account (its JSON key file): signs the OAuth2 assertion FCM HTTP v1 needs. */
export type FcmServiceAccount = { projectId: string; clientEmail: string; privateKey: string; privateKeyId: string | null; tokenUri: string };

export type PushConfig = {
  /** Expo's push service (EXPO_PUSH_URL); EXPO_ACCESS_TOKEN when the Expo project requires one. */
  expoUrl: string;
  expoAccessToken: string | undefined;
  /** FCM HTTP v1 (FCM_URL) with the service account (FCM_SERVICE_ACCOUNT_FILE); none: FCM tokens are skipped. */
  fcmUrl: string;
  fcmServiceAccount: FcmServiceAccount | null;
  /** How long after sending Expo's receipts are read (EXPO_RECEIPT_DELAY_MS, default 15 minutes as Expo advises). */
  expoReceiptDelayMs: number;
  /** First retry of an undelivered push after about this long, doubling (tests shorten it). */
  retryBaseMs?: number;
};

function loadPushConfig(env: NodeJS.ProcessEnv, cwd: string): PushConfig {
  return {
    expoUrl: trimSlash(env.EXPO_PUSH_URL || 'https://exp.host'),
    expoAccessToken: env.EXPO_ACCESS_TOKEN || undefined,
    fcmUrl: trimSlash(env.FCM_URL || 'https://fcm.googleapis.com'),
    fcmServiceAccount: env.FCM_SERVICE_ACCOUNT_FILE ? readServiceAccount(path.resolve(cwd, env.FCM_SERVICE_ACCOUNT_FILE), env.FCM_TOKEN_URL) : null,
    expoReceiptDelayMs: parseMs('EXPO_RECEIPT_DELAY_MS', env.EXPO_RECEIPT_DELAY_MS, 15 * 60_000, 0, 24 * 3_600_000),
  };
}

/** FCM_TOKEN_URL overrides the key file's token_uri (a fake OAuth server in tests and the demo). */
export function readServiceAccount(file: string, tokenUrl?: string): FcmServiceAccount {
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch (error) {
    throw new ConfigError(`FCM_SERVICE_ACCOUNT_FILE could not be read as JSON (${file}): ${(error as Error).message}`);
  }
  const field = (name: string) => (typeof parsed[name] === 'string' && parsed[name] !== '' ? (parsed[name] as string) : null);
  const projectId = field('project_id');
  const clientEmail = field('client_email');
  const privateKey = field('private_key');
  if (!projectId || !clientEmail || !privateKey) {
    throw new ConfigError(`FCM_SERVICE_ACCOUNT_FILE (${file}) is not a service account key: it needs project_id, client_email and private_key`);
  }
  return {
    projectId,
    clientEmail,
    privateKey,
    privateKeyId: field('private_key_id'),
    tokenUri: tokenUrl || field('token_uri') || 'https://oauth2.googleapis.com/token',
  };
}

const trimSlash = (url: string) => url.replace(/\/+$/, '');
