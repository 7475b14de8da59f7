// Just enough multipart/form-data parsing for the fake transcription endpoint (the openai client
// sends the audio file and a few text fields).
export type MultipartPart = { name: string; filename?: string; contentType?: string; data: Buffer };

export function parseMultipart(body: Buffer, contentType: string): MultipartPart[] {
  const match = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  if (!match) throw new Error('multipart body without a boundary');
  const boundary = Buffer.from(`--${match[1] ?? match[2]}`);
  const parts: MultipartPart[] = [];
  let start = body.indexOf(boundary);
  while (start !== -1) {
    const headerStart = start + boundary.length + 2; // skip CRLF after the boundary
    if (body.subarray(start + boundary.length, start + boundary.length + 2).toString() === '--') break;
    const headerEnd = body.indexOf('\r\n\r\n', headerStart);
    if (headerEnd === -1) break;
    const next = body.indexOf(boundary, headerEnd);
    if (next === -1) break;
    const headers = body.subarray(headerStart, headerEnd).toString('utf8');
    const disposition = /content-disposition:[^\r\n]*/i.exec(headers)?.[0] ?? '';
    const name = /name="([^"]*)"/i.exec(disposition)?.[1] ?? '';
    const filename = /filename="([^"]*)"/i.exec(disposition)?.[1];
    const type = /content-type:\s*([^\r\n]+)/i.exec(headers)?.[1];
    parts.push({ name, filename, contentType: type, data: body.subarray(headerEnd + 4, next - 2) });
    start = next;
  }
  return parts;
}
