/** An upload refused with the HTTP status that says why (401, 403, 404, 409, 413, 415, 400) and a readable reason. */
export class AttachmentRefused extends Error {
  override name = 'AttachmentRefused';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}
