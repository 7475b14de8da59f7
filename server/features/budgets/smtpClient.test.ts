import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeSmtpServer, type FakeSmtpOptions, type FakeSmtpServer } from '#server/dev/fakeSmtpServer.js';
import { sendSmtpMail, type SmtpMessage } from './smtpClient.js';

const alert: SmtpMessage = {
  from: 'UZZ.AI <alertas@uzz.local>',
  to: ['financeiro@example.test', 'Dona Maria <maria@example.test>'],
  subject: '[UZZ.AI] Padaria São João: orçamento de IA esgotado (bot pausado), um assunto longo o bastante para ser dobrado',
  text: 'Cliente: Padaria São João\n.uma linha que começa com ponto\nPeríodo: 2026-12-01 até 2026-12-31',
};

describe('sendSmtpMail (nodemailer)', () => {
  const servers: Array<FakeSmtpServer | net.Server> = [];
  const start = async (options: FakeSmtpOptions) => {
    const server = await startFakeSmtpServer(options);
    servers.push(server);
    return server;
  };
  afterEach(async () => {
    for (const server of servers.splice(0)) {
      if (server instanceof net.Server) await new Promise((resolve) => server.close(resolve));
      else await server.close();
    }
  });

  it('logs in and delivers the message with its UTF-8 subject, body and every recipient intact', async () => {
    const smtp = await start({ username: 'alerts', password: 'p@ss:word' });
    await sendSmtpMail(smtp.url, alert);
    expect(smtp.messages).toEqual([
      expect.objectContaining({
        from: 'alertas@uzz.local',
        to: ['financeiro@example.test', 'maria@example.test'],
        subject: alert.subject,
        secure: false,
      }),
    ]);
    expect(smtp.messages[0]!.body.replace(/\r\n/g, '\n').trimEnd()).toBe(alert.text);
    expect(smtp.messages[0]!.data).toMatch(/^From: "UZZ\.AI" <alertas@uzz\.local>$/m);
  });

  it('upgrades a plain connection with STARTTLS when the server offers it', async () => {
    const smtp = await start({ username: 'alerts', password: 'secret', tls: 'starttls' });
    await sendSmtpMail(`${smtp.url}?tls.rejectUnauthorized=false`, alert);
    expect(smtp.messages.map((mail) => mail.secure)).toEqual([true]);
  });

  it('speaks implicit TLS for smtps://', async () => {
    const smtp = await start({ username: 'alerts', password: 'secret', tls: 'implicit' });
    expect(smtp.url).toMatch(/^smtps:/);
    await sendSmtpMail(`${smtp.url}?tls.rejectUnauthorized=false`, alert);
    expect(smtp.messages.map((mail) => mail.secure)).toEqual([true]);
  });

  it('checks the server certificate unless told not to', async () => {
    const smtp = await start({ tls: 'implicit' });
    await expect(sendSmtpMail(smtp.url, alert)).rejects.toThrow(/sending e-mail through 127\.0\.0\.1:\d+ failed: .*certificate/i);
    expect(smtp.messages).toEqual([]);
  });

  it('with requireTLS=true refuses to send over a server that offers no STARTTLS', async () => {
    const smtp = await start({ username: 'alerts', password: 'secret' });
    await expect(sendSmtpMail(`${smtp.url}?requireTLS=true`, alert)).rejects.toThrow(/answered 454 TLS not available \(to STARTTLS\)/);
    expect(smtp.messages).toEqual([]);
  });

  it('says when the credentials are refused', async () => {
    const smtp = await start({ username: 'alerts', password: 'right' });
    await expect(sendSmtpMail(smtp.url.replace(':right@', ':wrong@'), alert)).rejects.toThrow(/refused the credentials.*535/);
    expect(smtp.messages).toEqual([]);
  });

  it('throws on a temporary refusal so the caller retries, and the retry goes through', async () => {
    const smtp = await start({});
    smtp.refuseNext(1);
    await expect(sendSmtpMail(smtp.url, alert)).rejects.toThrow(/answered 451 try again later \(to DATA\)/);
    await sendSmtpMail(smtp.url, alert);
    expect(smtp.messages).toHaveLength(1);
  });

  it('gives up on a server that never answers after the timeout', async () => {
    const silent = net.createServer(() => undefined);
    servers.push(silent);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const started = Date.now();
    await expect(sendSmtpMail(`smtp://127.0.0.1:${(silent.address() as AddressInfo).port}`, alert, 300)).rejects.toThrow(/failed: .*(timeout|ETIMEDOUT)/i);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('says when nothing listens at the address', async () => {
    const closed = net.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    await expect(sendSmtpMail(`smtp://127.0.0.1:${port}`, alert)).rejects.toThrow(/sending e-mail through 127\.0\.0\.1:\d+ failed: .*ECONNREFUSED/);
  });

  it('refuses a bad SMTP_URL or address before connecting', async () => {
    await expect(sendSmtpMail('http://mail.example.test', alert)).rejects.toThrow('SMTP_URL must start with smtp:// or smtps:// (got http:)');
    await expect(sendSmtpMail('mail.example.test:25', alert)).rejects.toThrow(/SMTP_URL must start with smtp:\/\//);
    await expect(sendSmtpMail('not a url', alert)).rejects.toThrow('SMTP_URL is not a URL');
    await expect(sendSmtpMail('smtp://alerts:100%off@127.0.0.1:25', alert)).rejects.toThrow('SMTP_URL has a user or password with a bad %-escape');
    const smtp = await start({});
    await expect(sendSmtpMail(smtp.url, { ...alert, to: ['financeiro'] })).rejects.toThrow('not an e-mail address: financeiro');
    await expect(sendSmtpMail(smtp.url, { ...alert, from: 'a@b.test, c@d.test' })).rejects.toThrow('not an e-mail address');
    await expect(sendSmtpMail(smtp.url, { ...alert, to: [] })).rejects.toThrow('at least one recipient');
    expect(smtp.messages).toEqual([]);
  });
});
