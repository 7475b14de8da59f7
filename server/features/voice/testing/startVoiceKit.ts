// WhatsApp test kit (the fake Graph API records media uploads) + fake model server (transcription,
// speech): everything the voice path touches, all real HTTP servers.
import type { DatabaseKind } from '#server/db/openDatabase.js';
import { startFakeModelServer, type FakeModelServer } from '#server/dev/fakeModelServer.js';
import type { UploadedMedia } from '#server/dev/fakeGraphApi.js';
import { useFakeModels } from '#server/features/gateway/testing/startAiTestServer.js';
import { startWhatsAppKit, type WhatsAppKit } from '#server/features/whatsapp/fixtures/whatsappTestKit.js';

export type VoiceKit = WhatsAppKit & {
  fake: FakeModelServer;
  /** Voice notes uploaded to the fake Graph API, and a way to make the next uploads fail (HTTP 500). */
  uploads: { uploads: UploadedMedia[]; failNextUpload(times?: number): void };
};

export async function startVoiceKit(kind: DatabaseKind): Promise<VoiceKit> {
  const fake = await startFakeModelServer();
  const kit = await startWhatsAppKit(kind, {
    providers: { openaiBaseUrl: fake.baseUrl, groqBaseUrl: fake.baseUrl, anthropicBaseUrl: fake.baseUrl },
  });
  await useFakeModels(kit.server.app);
  return {
    ...kit,
    fake,
    uploads: { uploads: kit.graph.uploads, failNextUpload: (times = 1) => kit.graph.failNextUpload(1, times, { http: 500 }) },
    async dispose() {
      await kit.dispose();
      await fake.close();
    },
  };
}
