// contacts.*: the client's customer base. Every member reads (private notes: agents and up);
// agents edit contacts, their labels and notes; admins define attributes and labels, import and
// export.
import { z } from 'zod';
import { roleAtLeast } from '#shared/domain/roles.js';
import { safeText, uuidId } from '#shared/domain/safeText.js';
import { router, tenantProcedure, withRole } from '#server/trpc/trpc.js';
import { defineAttribute, listAttributes, removeAttribute } from './contactAttributes.js';
import { contactFilter, defineAttributeInput, idInput, listInput, removeAttributeInput, saveInput } from './contactInput.js';
import { conversationLabelsOf, createLabel, deleteLabel, listLabels, setContactLabels, setConversationLabels } from './contactLabels.js';
import { addNote, listConversationNotes } from './contactNotes.js';
import { exportContacts } from './exportContacts.js';
import { getContact } from './getContact.js';
import { getImport, previewImport, startImport } from './importContacts.js';
import { listContacts } from './listContacts.js';
import { mergeContacts } from './mergeContacts.js';
import { saveContact } from './saveContact.js';

const clientId = z.string().uuid().optional();
const agent = withRole('agent');
const admin = withRole('admin');
const csvText = z.string().max(8 * 1024 * 1024);
const color = safeText()
  .trim()
  .regex(/^#[0-9a-fA-F]{6}$/, 'a colour is #rrggbb');

export const contactsRouter = router({
  list: tenantProcedure.input(listInput.default({ limit: 50, offset: 0 })).query(({ ctx, input }) => listContacts(ctx.app.db, ctx.clientId, input)),

  get: tenantProcedure.input(idInput).query(async ({ ctx, input }) => {
    const page = await getContact(ctx.app.db, ctx.clientId, input.id);
    return roleAtLeast(ctx.role, 'agent') ? page : { ...page, notes: [] };
  }),

  save: agent.input(saveInput).mutation(async ({ ctx, input }) => {
    const { clientId: _ignored, ...contact } = input;
    const saved = await saveContact(ctx.app, ctx.clientId, ctx.session.userId, contact);
    ctx.audit.resourceId = saved.contact.id;
    return saved;
  }),

  merge: agent.input(z.object({ clientId, keepId: uuidId('keepId'), mergeId: uuidId('mergeId') })).mutation(({ ctx, input }) => {
    ctx.audit.resourceId = input.keepId;
    return mergeContacts(ctx.app.db, ctx.clientId, input);
  }),

  setLabels: agent
    .input(z.object({ clientId, contactId: uuidId('contactId'), labelIds: z.array(uuidId('labelId')).max(50) }))
    .mutation(({ ctx, input }) => setContactLabels(ctx.app.db, ctx.clientId, input.contactId, input.labelIds)),

  setConversationLabels: agent
    .input(z.object({ clientId, conversationId: uuidId('conversationId'), labelIds: z.array(uuidId('labelId')).max(50) }))
    .mutation(({ ctx, input }) => setConversationLabels(ctx.app, ctx.clientId, input.conversationId, input.labelIds)),

  addNote: agent
    .input(
      z.object({
        clientId,
        contactId: uuidId('contactId').optional(),
        conversationId: uuidId('conversationId').optional(),
        body: safeText().trim().min(1).max(4000),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const note = await addNote(ctx.app, ctx.clientId, ctx.session.userId, input);
      ctx.audit.resourceId = note.id;
      return note;
    }),

  conversationLabels: tenantProcedure.input(z.object({ clientId, conversationId: uuidId('conversationId') })).query(async ({ ctx, input }) => ({
    conversationId: input.conversationId,
    labelIds: (await conversationLabelsOf(ctx.app.db, ctx.clientId, [input.conversationId])).map((label) => label.id),
  })),

  conversationNotes: agent
    .input(z.object({ clientId, conversationId: uuidId('conversationId') }))
    .query(({ ctx, input }) => listConversationNotes(ctx.app.db, ctx.clientId, input.conversationId)),

  export: admin.input(contactFilter.extend({ clientId }).default({})).query(({ ctx, input }) => exportContacts(ctx.app.db, ctx.clientId, input)),

  attributes: router({
    list: tenantProcedure.input(z.object({ clientId }).default({})).query(({ ctx }) => listAttributes(ctx.app.db, ctx.clientId)),
    define: admin.input(defineAttributeInput).mutation(({ ctx, input }) => defineAttribute(ctx.app.db, ctx.clientId, input)),
    remove: admin.input(removeAttributeInput).mutation(({ ctx, input }) => removeAttribute(ctx.app.db, ctx.clientId, input.key)),
  }),

  labels: router({
    list: tenantProcedure.input(z.object({ clientId }).default({})).query(({ ctx }) => listLabels(ctx.app.db, ctx.clientId)),
    create: admin.input(z.object({ clientId, name: safeText().trim().min(1).max(60), color: color.optional() })).mutation(async ({ ctx, input }) => {
      const label = await createLabel(ctx.app.db, ctx.clientId, input);
      ctx.audit.resourceId = label.id;
      return label;
    }),
    delete: admin.input(z.object({ clientId, id: uuidId() })).mutation(({ ctx, input }) => deleteLabel(ctx.app.db, ctx.clientId, input.id)),
  }),

  import: router({
    preview: admin.input(z.object({ clientId, csv: csvText })).mutation(({ ctx, input }) => previewImport(ctx.app.db, ctx.clientId, input.csv)),
    start: admin
      .input(
        z.object({
          clientId,
          fileName: safeText().trim().min(1).max(200),
          csv: csvText,
          mapping: z.record(safeText().max(200), safeText().max(60)),
          labelIds: z.array(uuidId('labelId')).max(20).optional(),
          optIn: z.boolean().optional(),
        }),
      )
      .mutation(async ({ ctx, input }) => {
        const started = await startImport(ctx.app, ctx.clientId, ctx.session.userId, input);
        ctx.audit.resourceId = started.id;
        return started;
      }),
    get: admin.input(z.object({ clientId, id: uuidId() })).query(({ ctx, input }) => getImport(ctx.app.db, ctx.clientId, input.id)),
  }),
});
