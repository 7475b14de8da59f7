// Where budget alerts go and how hard delivery tries. From the environment (SMTP_URL, e.g.
// smtp://user:pass@mail.example.com:587 or smtps://…:465; ALERT_EMAIL_FROM), adjustable per app
// (tests point it at the fake SMTP server and shorten the backoff).
import { perApp } from '#server/app/perApp.js';
import type { AppContext } from '#server/app/appContext.js';

export type AlertSettings = { smtpUrl: string | null; from: string; attempts: number; backoffMs: number; timeoutMs: number };

export const alertSettings = perApp((_app: AppContext): AlertSettings => ({
  smtpUrl: process.env.SMTP_URL || null,
  from: process.env.ALERT_EMAIL_FROM || 'UZZ.AI <alertas@uzz.local>',
  attempts: 5,
  backoffMs: 2_000,
  timeoutMs: 10_000,
}));
