// Sends one budget-alert e-mail through the SMTP server in SMTP_URL, with nodemailer (MIME
// encoding, dot-stuffing, STARTTLS, AUTH negotiation). Any failure, a refusal included, is thrown
// so the caller retries: a refused message is never silently lost.
//   smtp://user:pass@host:port   plain connection upgraded with STARTTLS whenever the server offers it
//   smtps://user:pass@host:port  implicit TLS (port 465 by default)
// Query options: name=<EHLO name>, requireTLS=true (fail rather than send without STARTTLS),
// tls.rejectUnauthorized=false (a relay with a self-signed certificate; certificates are checked
// otherwise).
import nodemailer from 'nodemailer';
import type { SMTPTransportOptions } from 'nodemailer/lib/smtp-transport';
import addressparser from 'nodemailer/lib/addressparser';

export type SmtpMessage = { from: string; to: string[]; subject: string; text: string };

export async function sendSmtpMail(smtpUrl: string, message: SmtpMessage, timeoutMs = 15_000): Promise<void> {
  const options = transportOptions(smtpUrl, timeoutMs);
  const from = mailbox(message.from);
  const to = message.to.map(mailbox);
  if (to.length === 0) throw new Error('an e-mail needs at least one recipient');
  const transport = nodemailer.createTransport(options);
  try {
    await transport.sendMail({
      from,
      to,
      subject: message.subject,
      text: message.text,
      // The content is ours, but nothing in an alert should ever make nodemailer read a file or URL.
      disableFileAccess: true,
      disableUrlAccess: true,
    });
  } catch (error) {
    throw new Error(`sending e-mail through ${options.host}:${options.port} failed: ${describe(error)}`, { cause: error });
  } finally {
    transport.close();
  }
}

function transportOptions(smtpUrl: string, timeoutMs: number): SMTPTransportOptions & { host: string; port: number } {
  let url: URL;
  try {
    url = new URL(smtpUrl);
  } catch {
    throw new Error('SMTP_URL is not a URL (expected smtp://user:pass@host:port or smtps://…)');
  }
  const secure = url.protocol === 'smtps:';
  if (!secure && url.protocol !== 'smtp:') throw new Error(`SMTP_URL must start with smtp:// or smtps:// (got ${url.protocol})`);
  if (!url.hostname) throw new Error('SMTP_URL has no host');
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1'); // IPv6 literals come bracketed
  return {
    host,
    port: Number(url.port || (secure ? 465 : 25)),
    secure,
    requireTLS: url.searchParams.get('requireTLS') === 'true',
    tls: { rejectUnauthorized: url.searchParams.get('tls.rejectUnauthorized') !== 'false' },
    name: url.searchParams.get('name') ?? 'uzz.local',
    auth: url.username ? { user: decodeCredential(url.username), pass: decodeCredential(url.password) } : undefined,
    // One budget for each wait: DNS, connecting, the greeting, and any silence after a command.
    dnsTimeout: timeoutMs,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  };
}

function decodeCredential(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    throw new Error('SMTP_URL has a user or password with a bad %-escape (write % as %25)');
  }
}

/** One mailbox ("Name <a@b>" or "a@b"), checked here so a typo is a clear error, not a refused RCPT. */
function mailbox(value: string): { name: string; address: string } {
  const parsed = addressparser(value, { flatten: true });
  const only = parsed.length === 1 ? parsed[0] : undefined;
  if (!only?.address || !/^[^\s<>@]+@[^\s<>@]+$/.test(only.address)) throw new Error(`not an e-mail address: ${value}`);
  return { name: only.name, address: only.address };
}

type SmtpError = Error & { code?: string; command?: string; response?: string; responseCode?: number };

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const { code, command, response, responseCode } = error as SmtpError;
  if (code === 'EAUTH') return `the server refused the credentials${response ? ` (${response})` : ''}`;
  if (responseCode) return `the server answered ${response ?? responseCode}${command ? ` (to ${command.split(' ')[0]})` : ''}`;
  return code ? `${error.message} (${code})` : error.message;
}
