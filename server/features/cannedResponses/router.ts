// cannedResponses.*: the client's shared replies, typed as /shortcut in the inbox's composer.
// Rights (see cannedResponseRules.ts): every member lists; agents and up create; the author or an
// admin/owner updates and deletes. Every change is published live so other agents' apps reload.
import { router, tenantProcedure, withRole } from '#server/trpc/trpc.js';
import { createInput, deleteInput, listInput, updateInput } from './cannedResponseInput.js';
import { createCannedResponse } from './createCannedResponse.js';
import { deleteCannedResponse } from './deleteCannedResponse.js';
import { listCannedResponses } from './listCannedResponses.js';
import { updateCannedResponse } from './updateCannedResponse.js';

const writer = withRole('agent');

export const cannedResponsesRouter = router({
  list: tenantProcedure.input(listInput).query(({ ctx }) => listCannedResponses(ctx.app.db, ctx.clientId, { userId: ctx.session.userId, role: ctx.role })),

  create: writer.input(createInput).mutation(async ({ ctx, input }) => {
    const created = await createCannedResponse(ctx.app, ctx.clientId, { userId: ctx.session.userId, role: ctx.role }, input);
    ctx.audit.resourceId = created.id;
    return created;
  }),

  update: writer
    .input(updateInput)
    .mutation(({ ctx, input }) => updateCannedResponse(ctx.app, ctx.clientId, { userId: ctx.session.userId, role: ctx.role }, input)),

  delete: writer
    .input(deleteInput)
    .mutation(({ ctx, input }) => deleteCannedResponse(ctx.app, ctx.clientId, { userId: ctx.session.userId, role: ctx.role }, input)),
});
