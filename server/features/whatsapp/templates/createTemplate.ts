// Submits a message template to Meta for approval and keeps it (PENDING until a sync or Meta's
// status webhook says otherwise). Meta's own checks (placeholders, examples) answer through the
// Graph API error, shown as is.
import { z } from 'zod';
import { safeText } from '#shared/domain/safeText.js';
import type { AppContext } from '#server/app/appContext.js';
import type { JsonValue } from '#server/db/json-types.js';
import { TEMPLATE_CATEGORIES } from '#shared/domain/statuses.js';
import { graphClientFor } from '../graph/loadGraphCredentials.js';
import { templateGraphError } from './templateErrors.js';
import { templateView } from './templateView.js';

export const newTemplateInput = z.object({
  name: safeText().regex(/^[a-z0-9_]{1,512}$/, 'template names use lowercase letters, digits and underscores (at most 512)'),
  language: safeText().regex(/^[a-z]{2,3}(_[A-Za-z]{2,4})?$/, 'language must be a code such as pt_BR or en_US'),
  category: z.enum(TEMPLATE_CATEGORIES),
  components: z.array(z.record(safeText(), z.unknown())).min(1, 'a template needs at least a BODY component').max(10),
});

export async function createTemplate(app: AppContext, clientId: string, input: z.infer<typeof newTemplateInput>) {
  const { messageTemplates } = app.db.t;
  let created;
  try {
    created = await (await graphClientFor(app, clientId)).createTemplate(input);
  } catch (error) {
    templateGraphError(error);
  }
  const components = input.components as JsonValue[];
  const [row] = await app.db.tenant(clientId, (tx) =>
    tx
      .insert(messageTemplates)
      .values({
        clientId,
        name: input.name,
        language: input.language,
        category: created.category,
        status: created.status,
        components,
        metaTemplateId: created.id,
      })
      .onConflictDoUpdate({
        target: [messageTemplates.clientId, messageTemplates.name, messageTemplates.language],
        set: { category: created.category, status: created.status, components, metaTemplateId: created.id, rejectedReason: null },
      })
      .returning(),
  );
  return templateView(row!);
}
