// Agents reply with files: the paperclip, a drop on the thread and a paste; a preview with caption;
// the upload goes to the server, the outbox uploads the file to the fake Graph API and sends it by
// its media id; the thread shows the image and the document with their ticks. Files WhatsApp would
// refuse are refused before uploading, and the server's own reason is shown when it refuses.
import { deflateSync } from 'node:zlib';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { AppShellPage } from './pages/AppShellPage.js';
import { InboxPage } from './pages/InboxPage.js';
import { SignInPage } from './pages/SignInPage.js';
import { E2E_PASSWORD } from './support/env.js';
import { expect, test } from './support/fixtures.js';
import { saveScreenshot } from './support/screenshots.js';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
/** A real RGB PNG (a warm gradient), so the browser draws a thumbnail. */
function png(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // RGB
  const rows = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const at = y * (width * 3 + 1) + 1 + x * 3;
      rows[at] = 200 + Math.round((55 * x) / width);
      rows[at + 1] = 120 + Math.round((100 * y) / height);
      rows[at + 2] = 40;
    }
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
async function pdf(text: string): Promise<Buffer> {
  const document = await PDFDocument.create();
  const page = document.addPage([420, 300]);
  page.drawText(text, { x: 40, y: 240, size: 18, font: await document.embedFont(StandardFonts.Helvetica) });
  return Buffer.from(await document.save());
}

async function agentTakesOver(page: import('@playwright/test').Page, url: string, email: string, name: string) {
  await new SignInPage(page).open(url);
  await new SignInPage(page).signIn(email, E2E_PASSWORD);
  await new AppShellPage(page).expectSignedInAs('Agent Lima');
  const inbox = new InboxPage(page);
  await inbox.open(name);
  await inbox.action(/^Take over$/).click();
  await expect(inbox.threadStatus).toHaveText('With a person');
  return inbox;
}

test('the agent sends an image with a caption and a dropped PDF: both show in the thread with ticks, and Meta got the files by media id', async ({
  page,
  whatsapp,
}) => {
  const phone = '5511987651001';
  await whatsapp.customerWrites(phone, 'Lívia Torres', 'Pode mandar o cardápio e a nota?');
  const inbox = await agentTakesOver(page, whatsapp.url, whatsapp.accounts.agent, 'Lívia Torres');
  const uploadsBefore = whatsapp.graph.uploads.length;
  const sentBefore = whatsapp.graph.sent.length;

  const image = png(96, 64);
  await inbox.attach({ name: 'cardapio.png', mimeType: 'image/png', buffer: image });
  await expect(inbox.attachmentPreview).toContainText('cardapio.png');
  await expect(inbox.attachmentPreview).toContainText('Image');
  await expect(inbox.attachmentPreview.getByRole('img', { name: 'cardapio.png' })).toBeVisible();
  await inbox.attachmentPreview.getByRole('textbox', { name: 'Caption (optional)' }).fill('Cardápio de hoje 🍞');
  await saveScreenshot(page, 'inbox-attachment-preview');
  await inbox.sendAttachment();
  const imageMessage = inbox.message('Cardápio de hoje 🍞');
  await expect(imageMessage).toHaveAttribute('data-status', 'sent');
  await expect(inbox.attachmentPreview).toHaveCount(0);
  const thumbnail = imageMessage.locator('img');
  await expect(thumbnail).toBeVisible();
  await expect.poll(() => thumbnail.evaluate((element) => (element as HTMLImageElement).naturalWidth)).toBe(96);
  // Loaded through a short-lived signed link: the session token never goes into a URL.
  await expect(thumbnail).toHaveAttribute('src', /^\/media\/[0-9a-f-]{36}\?exp=\d+&sig=[\w-]+$/);

  const invoice = await pdf('Nota fiscal 4521');
  await inbox.dropFile({ name: 'nota-fiscal.pdf', mimeType: 'application/pdf', buffer: invoice });
  await expect(inbox.attachmentPreview).toContainText('nota-fiscal.pdf');
  await inbox.sendAttachment('Sua nota fiscal');
  const pdfMessage = inbox.message('nota-fiscal.pdf');
  await expect(pdfMessage).toHaveAttribute('data-status', 'sent');
  await expect(pdfMessage.getByRole('link', { name: /nota-fiscal\.pdf/ })).toBeVisible();
  await expect(pdfMessage).toContainText('Sua nota fiscal');

  // The outbox uploaded each file, then sent it by the media id Meta answered.
  const uploads = whatsapp.graph.uploads.slice(uploadsBefore);
  expect(uploads.map((upload) => [upload.type, upload.filename])).toEqual([
    ['image/png', 'cardapio.png'],
    ['application/pdf', 'nota-fiscal.pdf'],
  ]);
  expect(uploads[0]!.bytes.equals(image)).toBe(true);
  expect(uploads[1]!.bytes.equals(invoice)).toBe(true);
  const sent = whatsapp.graph.sent.slice(sentBefore).map((message) => message.body);
  expect(sent).toEqual([
    expect.objectContaining({ to: phone, type: 'image', image: { id: uploads[0]!.id, caption: 'Cardápio de hoje 🍞' } }),
    expect.objectContaining({ to: phone, type: 'document', document: { id: uploads[1]!.id, caption: 'Sua nota fiscal', filename: 'nota-fiscal.pdf' } }),
  ]);

  await whatsapp.status(phone, 'delivered');
  await expect(pdfMessage).toHaveAttribute('data-status', 'delivered');
  await whatsapp.status(phone, 'read');
  await expect(pdfMessage).toHaveAttribute('data-status', 'read');
  await expect(pdfMessage.getByRole('img', { name: 'Read' })).toBeVisible();
  await saveScreenshot(page, 'inbox-attachments');
});

test("files WhatsApp would refuse are refused before uploading, the server's reason is shown, and a pasted image is attached", async ({ page, whatsapp }) => {
  await whatsapp.customerWrites('5511987651002', 'Rafael Dias', 'Segue o comprovante?');
  const inbox = await agentTakesOver(page, whatsapp.url, whatsapp.accounts.agent, 'Rafael Dias');
  const uploadsBefore = whatsapp.graph.uploads.length;
  const sentBefore = whatsapp.graph.sent.length;

  const huge = Buffer.concat([png(8, 8), Buffer.alloc(6 * 1024 * 1024)]);
  await inbox.attach({ name: 'foto-grande.png', mimeType: 'image/png', buffer: huge });
  await expect(inbox.attachmentPreview.getByRole('alert')).toContainText('“foto-grande.png” is 6 MB: WhatsApp accepts image files of at most 5 MB.');
  await inbox.attach({ name: 'animacao.gif', mimeType: 'image/gif', buffer: Buffer.from('GIF89a') });
  await expect(inbox.attachmentPreview.getByRole('alert')).toContainText(
    '“animacao.gif” cannot be sent: WhatsApp does not accept this type of file (image/gif).',
  );
  await saveScreenshot(page, 'inbox-attachment-refused');

  // Named .pdf but not a PDF: only the server, reading its bytes, can tell.
  await inbox.attach({ name: 'contrato.pdf', mimeType: 'application/pdf', buffer: Buffer.from('this is not really a PDF') });
  await expect(inbox.attachmentPreview.getByRole('alert')).toHaveCount(0);
  await inbox.sendAttachment();
  await expect(inbox.attachmentPreview.getByRole('alert')).toContainText("The file was not sent: the file's content is not application/pdf");
  await inbox.attachmentPreview.getByRole('button', { name: 'Remove the attachment' }).click();
  await expect(inbox.attachmentPreview).toHaveCount(0);

  // A screenshot pasted into the reply box becomes the attachment.
  await inbox.composer.focus();
  await inbox.composer.evaluate(
    (element, bytes) => {
      const data = new DataTransfer();
      data.items.add(new File([new Uint8Array(bytes)], 'print.png', { type: 'image/png' }));
      element.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    },
    [...png(20, 20)],
  );
  await expect(inbox.attachmentPreview).toContainText('print.png');
  await inbox.sendAttachment('Aqui está o print');
  await expect(inbox.message('Aqui está o print')).toHaveAttribute('data-status', 'sent');
  expect(whatsapp.graph.uploads.slice(uploadsBefore).map((upload) => upload.filename)).toEqual(['print.png']);
  expect(whatsapp.graph.sent.length).toBe(sentBefore + 1);
});

test('outside the 24-hour window there is no attaching, as there is no free text', async ({ page, whatsapp }) => {
  await whatsapp.customerWrites('5511987651003', 'Beatriz Nunes', 'Mensagem antiga', 26 * 3600);
  const inbox = await agentTakesOver(page, whatsapp.url, whatsapp.accounts.agent, 'Beatriz Nunes');
  await expect(inbox.windowBanner).toHaveAttribute('data-open', 'false');
  await expect(page.getByRole('button', { name: 'Attach a file' })).toHaveCount(0);
  await expect(page.getByTestId('attachment-input')).toHaveCount(0);
});
