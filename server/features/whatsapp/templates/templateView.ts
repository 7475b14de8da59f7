import type { Tables } from '#server/db/tables.js';

export function templateView(row: Tables['messageTemplates']['$inferSelect']) {
  return {
    id: row.id,
    name: row.name,
    language: row.language,
    category: row.category,
    status: row.status,
    components: row.components,
    metaTemplateId: row.metaTemplateId,
    rejectedReason: row.rejectedReason,
    updatedAt: row.updatedAt.toISOString(),
  };
}
