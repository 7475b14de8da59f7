// A fake SMTP server for tests and the demo: accepts every message (optionally only with the
// right AUTH PLAIN credentials), keeps it in memory, and can be told to refuse the next ones
// with a 4xx so retry paths can be tested.
import net from 'node:net';
import type { AddressInfo } from 'node:net';

export type ReceivedMail = { from: string; to: string[]; data: string; subject: string; body: string };

export type FakeSmtpServer = {
  url: string;
  messages: ReceivedMail[];
  /** The next `count` messages are refused at DATA with 451. */
  refuseNext(count: number): void;
  /** Resolves once at least `count` messages arrived. */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  close(): Promise<void>;
};

export async function startFakeSmtpServer(options: { username?: string; password?: string } = {}): Promise<FakeSmtpServer> {
  const messages: ReceivedMail[] = [];
  let refusals = 0;
  const listeners = new Set<() => void>();
  const sockets = new Set<net.Socket>();

  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.setEncoding('utf8');
    let buffer = '';
    let inData = false;
    let data: string[] = [];
    let from = '';
    let to: string[] = [];
    let authenticated = !options.username;
    const reply = (line: string) => socket.write(`${line}\r\n`);
    reply('220 fake-smtp ready');
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      let end: number;
      while ((end = buffer.indexOf('\r\n')) !== -1) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (inData) {
          if (line !== '.') {
            data.push(line.startsWith('..') ? line.slice(1) : line);
            continue;
          }
          inData = false;
          if (refusals > 0) {
            refusals--;
            reply('451 try again later');
          } else {
            const text = data.join('\r\n');
            const [head = '', ...rest] = text.split('\r\n\r\n');
            const subject = /^Subject: (.*)$/m.exec(head)?.[1] ?? '';
            messages.push({ from, to, data: text, subject: decodeSubject(subject), body: rest.join('\r\n\r\n') });
            reply('250 queued');
            for (const listener of listeners) listener();
          }
          data = [];
          continue;
        }
        const command = line.slice(0, 4).toUpperCase();
        if (command === 'EHLO' || command === 'HELO') reply('250-fake-smtp\r\n250 AUTH PLAIN');
        else if (command === 'AUTH') {
          const decoded = Buffer.from(line.split(' ')[2] ?? '', 'base64').toString('utf8').split('\0');
          authenticated = decoded[1] === options.username && decoded[2] === options.password;
          reply(authenticated ? '235 authenticated' : '535 bad credentials');
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
        } else if (command === 'QUIT') {
          reply('221 bye');
          socket.end();
        } else reply('502 not implemented');
      }
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const credentials = options.username ? `${encodeURIComponent(options.username)}:${encodeURIComponent(options.password ?? '')}@` : '';
  return {
    url: `smtp://${credentials}127.0.0.1:${port}`,
    messages,
    refuseNext: (count) => void (refusals = count),
    waitFor: (count, timeoutMs = 10_000) => new Promise((resolve, reject) => {
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
    close: () => new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    }),
  };
}

function decodeSubject(subject: string): string {
  const encoded = /^=\?UTF-8\?B\?(.*)\?=$/.exec(subject);
  return encoded ? Buffer.from(encoded[1]!, 'base64').toString('utf8') : subject;
}
