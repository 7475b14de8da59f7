// Brings the client's templates in line with Meta's (status, category, components, rejection
// reason). Templates deleted at Meta stay listed as DELETED: old messages still name them.
import { and, eq } from 'drizzle-orm';
import type { AppContext } from '#server/app/appContext.js';
import type { JsonValue } from '#server/db/json-types.js';
import { graphClientFor } from '../graph/loadGraphCredentials.js';
import { templateGraphError } from './templateErrors.js';
import { templateView } from './templateView.js';

export async function syncTemplates(app: AppContext, clientId: string) {
  let remote;
  try {
    remote = await (await graphClientFor(app, clientId)).listTemplates();
  } catch (error) {
    templateGraphError(error);
  }
  const { messageTemplates } = app.db.t;
  const rows = await app.db.tenant(clientId, async (tx) => {
    const seen = new Set<string>();
    for (const template of remote) {
      if (!template.name || !template.language) continue;
      seen.add(`${template.name}\u0000${template.language}`);
      const values = {
        category: template.category,
        status: template.status,
        components: template.components as JsonValue[],
        metaTemplateId: template.id,
        rejectedReason: template.rejectedReason,
      };
      await tx
        .insert(messageTemplates)
        .values({ clientId, name: template.name, language: template.language, ...values })
        .onConflictDoUpdate({ target: [messageTemplates.clientId, messageTemplates.name, messageTemplates.language], set: values });
    }
    const local = await tx.select().from(messageTemplates).where(eq(messageTemplates.clientId, clientId));
    for (const row of local) {
      if (row.metaTemplateId && !seen.has(`${row.name}\u0000${row.language}`) && row.status !== 'DELETED') {
        await tx
          .update(messageTemplates)
          .set({ status: 'DELETED' })
          .where(and(eq(messageTemplates.id, row.id), eq(messageTemplates.clientId, clientId)));
      }
    }
    return tx.select().from(messageTemplates).where(eq(messageTemplates.clientId, clientId)).orderBy(messageTemplates.name);
  });
  return { synced: remote.length, templates: rows.map(templateView) };
}
