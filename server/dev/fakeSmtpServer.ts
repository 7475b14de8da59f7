// A fake SMTP server for tests and the demo: accepts every message (optionally only with the
// right AUTH PLAIN or AUTH LOGIN credentials), keeps it in memory with its subject and body
// decoded, and can be told to refuse the next ones with a 4xx so retry paths can be tested.
// `tls: 'implicit'` serves smtps:// and `tls: 'starttls'` offers STARTTLS, both with the
// self-signed certificate in fakeSmtpCertificate.ts.
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import tls from 'node:tls';
import { FAKE_SMTP_TLS } from './fakeSmtpCertificate.js';

export type ReceivedMail = {
  from: string;
  to: string[];
  /** The message as sent (headers and encoded body), dot-unstuffed. */
  data: string;
  subject: string;
  body: string;
  /** Whether the session was encrypted (smtps:// or after STARTTLS) when the message came. */
  secure: boolean;
};

export type FakeSmtpServer = {
  url: string;
  messages: ReceivedMail[];
  /** The next `count` messages are refused at DATA with 451. */
  refuseNext(count: number): void;
  /** Resolves once at least `count` messages arrived. */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  close(): Promise<void>;
};

export type FakeSmtpOptions = { username?: string; password?: string; tls?: 'implicit' | 'starttls' };

export async function startFakeSmtpServer(options: FakeSmtpOptions = {}): Promise<FakeSmtpServer> {
  const messages: ReceivedMail[] = [];
  const refusals = { left: 0 };
  const listeners = new Set<() => void>();
  const sockets = new Set<net.Socket>();
  const secureContext = tls.createSecureContext(FAKE_SMTP_TLS);
  const accept = (socket: net.Socket, secure: boolean) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    runSession(socket, secure, {
      options,
      refusals,
      secureContext,
      received: (mail) => {
        messages.push(mail);
        for (const listener of listeners) listener();
      },
    });
  };
  const server =
    options.tls === 'implicit' ? tls.createServer(FAKE_SMTP_TLS, (socket) => accept(socket, true)) : net.createServer((socket) => accept(socket, false));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const credentials = options.username ? `${encodeURIComponent(options.username)}:${encodeURIComponent(options.password ?? '')}@` : '';
  return {
    url: `${options.tls === 'implicit' ? 'smtps' : 'smtp'}://${credentials}127.0.0.1:${port}`,
    messages,
    refuseNext: (count) => void (refusals.left = count),
    waitFor: (count, timeoutMs = 10_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          if (messages.length >= count) {
            listeners.delete(check);
            clearTimeout(timer);
            resolve(messages);
          }
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`expected ${count} e-mails, got ${messages.length}`));
        }, timeoutMs);
        listeners.add(check);
        check();
      }),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

type SessionContext = {
  options: FakeSmtpOptions;
  refusals: { left: number };
  secureContext: tls.SecureContext;
  received: (mail: ReceivedMail) => void;
};

/** One SMTP conversation; STARTTLS restarts it on the encrypted socket, as RFC 3207 requires. */
function runSession(socket: net.Socket, secure: boolean, context: SessionContext, greet = true): void {
  const { options } = context;
  let buffer = '';
  let inData = false;
  let data: string[] = [];
  let from = '';
  let to: string[] = [];
  let authenticated = !options.username;
  let pendingLogin: 'username' | 'password' | null = null;
  let loginUser = '';
  const reply = (line: string) => socket.write(`${line}\r\n`);
  const checkCredentials = (user: string, pass: string) => {
    authenticated = user === options.username && pass === options.password;
    reply(authenticated ? '235 authenticated' : '535 bad credentials');
  };
  const onData = (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    let end: number;
    while ((end = buffer.indexOf('\r\n')) !== -1) {
      const line = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      if (inData) {
        if (line !== '.') {
          data.push(line.startsWith('.') ? line.slice(1) : line);
          continue;
        }
        inData = false;
        if (context.refusals.left > 0) {
          context.refusals.left--;
          reply('451 try again later');
        } else {
          context.received({ from, to, secure, ...readMessage(data.join('\r\n')) });
          reply('250 queued');
        }
        data = [];
        continue;
      }
      if (pendingLogin) {
        const value = Buffer.from(line, 'base64').toString('utf8');
        if (pendingLogin === 'username') {
          loginUser = value;
          pendingLogin = 'password';
          reply(`334 ${Buffer.from('Password:').toString('base64')}`);
        } else {
          pendingLogin = null;
          checkCredentials(loginUser, value);
        }
        continue;
      }
      const [verb = '', ...args] = line.split(' ');
      const command = verb.toUpperCase();
      if (command === 'EHLO' || command === 'HELO') {
        const offersStartTls = options.tls === 'starttls' && !secure;
        reply(['250-fake-smtp', ...(offersStartTls ? ['250-STARTTLS'] : []), '250 AUTH PLAIN LOGIN'].join('\r\n'));
      } else if (command === 'STARTTLS' && options.tls === 'starttls' && !secure) {
        reply('220 go ahead');
        socket.off('data', onData);
        const encrypted = new tls.TLSSocket(socket, { isServer: true, secureContext: context.secureContext });
        encrypted.on('error', () => socket.destroy());
        runSession(encrypted, true, context, false);
      } else if (command === 'STARTTLS') reply('454 TLS not available');
      else if (command === 'AUTH' && args[0]?.toUpperCase() === 'PLAIN') {
        const [, user = '', pass = ''] = Buffer.from(args[1] ?? '', 'base64')
          .toString('utf8')
          .split('\0');
        checkCredentials(user, pass);
      } else if (command === 'AUTH' && args[0]?.toUpperCase() === 'LOGIN') {
        pendingLogin = 'username';
        reply(`334 ${Buffer.from('Username:').toString('base64')}`);
      } else if (command === 'QUIT') {
        reply('221 bye');
        socket.end();
      } else if (!authenticated) reply('530 authentication required');
      else if (command === 'MAIL') {
        from = /<([^>]*)>/.exec(line)?.[1] ?? '';
        to = [];
        reply('250 ok');
      } else if (command === 'RCPT') {
        to.push(/<([^>]*)>/.exec(line)?.[1] ?? '');
        reply('250 ok');
      } else if (command === 'DATA') {
        inData = true;
        reply('354 end with .');
      } else if (command === 'RSET' || command === 'NOOP') reply('250 ok');
      else reply('502 not implemented');
    }
  };
  socket.on('data', onData);
  if (greet) reply('220 fake-smtp ready');
}

/** Subject and body as the recipient reads them: RFC 2047 words and the transfer encoding undone. */
function readMessage(data: string): Pick<ReceivedMail, 'data' | 'subject' | 'body'> {
  const split = data.indexOf('\r\n\r\n');
  const head = (split < 0 ? data : data.slice(0, split)).replace(/\r\n(?=[ \t])/g, '');
  const encoded = split < 0 ? '' : data.slice(split + 4);
  const header = (name: string) => new RegExp(`^${name}:[ \\t]*(.*)$`, 'im').exec(head)?.[1] ?? '';
  const transfer = header('Content-Transfer-Encoding').toLowerCase();
  const body =
    transfer === 'base64'
      ? Buffer.from(encoded, 'base64').toString('utf8')
      : transfer === 'quoted-printable'
        ? decodeQuotedPrintable(encoded.replace(/=\r\n/g, ''))
        : encoded;
  return { data, subject: decodeWords(header('Subject')), body };
}

function decodeWords(value: string): string {
  return value
    .replace(/(\?=)\s+(?==\?)/g, '$1') // whitespace between two encoded words is not text
    .replace(/=\?([^?]+)\?([BQ])\?([^?]*)\?=/gi, (_word, _charset: string, encoding: string, text: string) =>
      encoding.toUpperCase() === 'B' ? Buffer.from(text, 'base64').toString('utf8') : decodeQuotedPrintable(text.replace(/_/g, ' ')),
    );
}

function decodeQuotedPrintable(text: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const hex = text[i] === '=' ? /^[0-9A-F]{2}$/i.exec(text.slice(i + 1, i + 3))?.[0] : undefined;
    if (hex) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else bytes.push(...Buffer.from(text[i]!, 'utf8'));
  }
  return Buffer.from(bytes).toString('utf8');
}
