// WhatsApp test kit + fake model server (transcription, speech) + media upload in front of the
// fake Graph API: everything the voice path touches, all real HTTP servers.
import type { DatabaseKind } from '../../../db/openDatabase.js';
import { loadConfig } from '../../../config.js';
import { startFakeModelServer, type FakeModelServer } from '../../../dev/fakeModelServer.js';
import { useFakeModels } from '../../knowledgeBase/testing/startAiTestServer.js';
import { startWhatsAppKit, type WhatsAppKit } from '../../whatsapp/fixtures/whatsappTestKit.js';
import { startMediaUploadGraph } from './startMediaUploadGraph.js';

export type VoiceKit = WhatsAppKit & { fake: FakeModelServer; uploads: Awaited<ReturnType<typeof startMediaUploadGraph>> };

export async function startVoiceKit(kind: DatabaseKind): Promise<VoiceKit> {
  const fake = await startFakeModelServer();
  let graphUrl = '';
  const uploads = await startMediaUploadGraph(() => graphUrl);
  const kit = await startWhatsAppKit(kind, {
    providers: { openaiBaseUrl: fake.baseUrl, groqBaseUrl: fake.baseUrl, anthropicBaseUrl: fake.baseUrl },
    whatsapp: { ...loadConfig({}).whatsapp, graphUrl: uploads.url, appSecret: undefined, verifyToken: 'platform-verify-token' },
  });
  graphUrl = kit.graph.url;
  await useFakeModels(kit.server.app);
  return {
    ...kit,
    fake,
    uploads,
    async dispose() {
      await kit.dispose();
      await uploads.close();
      await fake.close();
    },
  };
}
