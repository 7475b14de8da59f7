// The sample content of the first-run set-up, in the language chosen there: a welcome flow
// (imported, published and activated through the flows feature's own functions, so it passes the
// same validation as any flow), a knowledge-base document, a few canned responses and the fallback
// message (so a new client without a model provider still answers its customers). Each part is
// independent: one failing is logged and reported, and the others are still made.
import type { AppContext } from '#server/app/appContext.js';
import { setFallbackMessage } from '#server/features/aiProviders/index.js';
import { createCannedResponse } from '#server/features/cannedResponses/index.js';
import { importFlow } from '#server/features/flows/index.js';
import { publishFlow } from '#server/features/flows/index.js';
import { readSampleContentFiles, type SetupLanguage } from './sampleContentFiles.js';
import { storeSampleKnowledge } from './storeSampleKnowledge.js';

export type SampleContentReport = {
  flowId: string | null;
  knowledgeSourceId: string | null;
  cannedResponses: number;
  /** What could not be made (English, for the log and the caller). */
  problems: string[];
};

export async function createSampleContent(
  app: AppContext,
  clientId: string,
  userId: string,
  language: SetupLanguage,
  businessName: string,
): Promise<SampleContentReport> {
  const files = readSampleContentFiles(language, businessName);
  const report: SampleContentReport = { flowId: null, knowledgeSourceId: null, cannedResponses: 0, problems: [] };
  const attempt = async (part: string, work: () => Promise<void>) => {
    try {
      await work();
    } catch (error) {
      app.log.error({ err: error, clientId, part }, 'first-run set-up: sample content not created');
      report.problems.push(`${part}: ${(error as Error).message}`);
    }
  };
  await attempt('flow', async () => {
    const flow = await importFlow(app, clientId, files.flowFile, { userId });
    report.flowId = flow.id;
    await publishFlow(app, clientId, flow.id, { userId }); // publishing makes it live
  });
  await attempt('knowledge base', async () => {
    report.knowledgeSourceId = (await storeSampleKnowledge(app, clientId, userId, files.knowledge)).sourceId;
  });
  await attempt('canned responses', async () => {
    for (const reply of files.cannedResponses) {
      await createCannedResponse(app, clientId, { userId, role: 'owner' }, reply);
      report.cannedResponses++;
    }
  });
  await attempt('fallback message', async () => {
    await setFallbackMessage(app, clientId, files.fallbackMessage);
  });
  return report;
}
