// A small SMTP client for budget alerts: EHLO, optional AUTH PLAIN, MAIL/RCPT/DATA, QUIT. Plain
// TCP (smtp://, for a local relay) or implicit TLS (smtps://). Every reply code is checked, so a
// refused message is an error the caller retries, never silently lost.
import net from 'node:net';
import tls from 'node:tls';

export type SmtpMessage = { from: string; to: string[]; subject: string; text: string };

export async function sendSmtpMail(smtpUrl: string, message: SmtpMessage, timeoutMs = 15_000): Promise<void> {
  const url = new URL(smtpUrl);
  const secure = url.protocol === 'smtps:';
  if (!secure && url.protocol !== 'smtp:') throw new Error(`SMTP_URL must start with smtp:// or smtps:// (got ${url.protocol})`);
  const port = Number(url.port || (secure ? 465 : 25));
  const socket = secure ? tls.connect({ host: url.hostname, port, servername: url.hostname }) : net.connect({ host: url.hostname, port });
  socket.setTimeout(timeoutMs, () => socket.destroy(new Error(`SMTP server ${url.host} did not answer within ${timeoutMs} ms`)));
  const replies = replyReader(socket);
  try {
    await expect(replies, 220);
    const send = async (line: string, code: number | number[]) => {
      socket.write(`${line}\r\n`);
      return expect(replies, code);
    };
    await send(`EHLO ${url.searchParams.get('name') ?? 'uzz.local'}`, 250);
    if (url.username) {
      const credentials = Buffer.from(`\0${decodeURIComponent(url.username)}\0${decodeURIComponent(url.password)}`).toString('base64');
      await send(`AUTH PLAIN ${credentials}`, 235);
    }
    await send(`MAIL FROM:<${address(message.from)}>`, 250);
    for (const recipient of message.to) await send(`RCPT TO:<${address(recipient)}>`, [250, 251]);
    await send('DATA', 354);
    await send(`${formatMessage(message).replace(/^\./gm, '..')}\r\n.`, 250);
    await send('QUIT', 221).catch(() => undefined);
  } finally {
    socket.destroy();
  }
}

function formatMessage(message: SmtpMessage): string {
  const subject = /^[\x20-\x7e]*$/.test(message.subject) ? message.subject : `=?UTF-8?B?${Buffer.from(message.subject).toString('base64')}?=`;
  return [
    `From: ${message.from}`, `To: ${message.to.join(', ')}`, `Subject: ${subject}`, `Date: ${new Date().toUTCString()}`,
    'MIME-Version: 1.0', 'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: 8bit', '',
    message.text.replace(/\r?\n/g, '\r\n'),
  ].join('\r\n');
}

function address(value: string): string {
  const inside = /<([^>]+)>/.exec(value)?.[1] ?? value.trim();
  if (!/^[^\s<>@]+@[^\s<>@]+$/.test(inside)) throw new Error(`not an e-mail address: ${value}`);
  return inside;
}

type Reply = { code: number; text: string };

function replyReader(socket: net.Socket) {
  let buffer = '';
  const ready: Reply[] = [];
  const waiting: Array<{ resolve: (reply: Reply) => void; reject: (error: Error) => void }> = [];
  let failure: Error | null = null;
  let lines: string[] = [];
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    buffer += chunk;
    let end: number;
    while ((end = buffer.indexOf('\r\n')) !== -1) {
      const line = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      lines.push(line.slice(4));
      if (line[3] === '-') continue; // multi-line reply goes on
      const reply = { code: Number(line.slice(0, 3)), text: lines.join('\n') };
      lines = [];
      const waiter = waiting.shift();
      if (waiter) waiter.resolve(reply);
      else ready.push(reply);
    }
  });
  const fail = (error: Error) => {
    failure = error;
    for (const waiter of waiting.splice(0)) waiter.reject(error);
  };
  socket.on('error', fail);
  socket.on('close', () => fail(failure ?? new Error('SMTP connection closed')));
  return {
    next: () => new Promise<Reply>((resolve, reject) => {
      const reply = ready.shift();
      if (reply) resolve(reply);
      else if (failure) reject(failure);
      else waiting.push({ resolve, reject });
    }),
  };
}

async function expect(replies: { next(): Promise<Reply> }, code: number | number[]): Promise<Reply> {
  const reply = await replies.next();
  const accepted = Array.isArray(code) ? code : [code];
  if (!accepted.includes(reply.code)) throw new Error(`SMTP server answered ${reply.code} ${reply.text}`);
  return reply;
}
