// Agents reply with files: the upload route (the outbox sends them, uploading to Meta at send time).
import type { Feature } from '#server/app/feature.js';
import { registerAttachmentRoute } from './registerAttachmentRoute.js';

export const attachmentsFeature: Feature = {
  name: 'attachments',
  registerRoutes: (http, app) => registerAttachmentRoute(http, app),
};
