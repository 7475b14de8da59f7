// aiTools.*: the client's HTTP tools for its AI (the settings page), for administrators: listed
// without header values, saved (created or replaced, validated by shared/bot/aiHttpTool.ts), deleted.
// Which built-in tools are on, the steps per turn, the debounce and the hourly cap are bot settings (bot.*).
import { z } from 'zod';
import { httpToolInput } from '#shared/bot/aiHttpTool.js';
import { router, withRole } from '#server/trpc/trpc.js';
import { deleteHttpTool, listHttpTools, saveHttpTool } from './httpToolStore.js';

const admin = withRole('admin');
const clientId = z.string().uuid('not a valid client id').optional(); // platform administrators name the client

export const aiToolsRouter = router({
  list: admin.input(z.object({ clientId }).optional()).query(({ ctx }) => listHttpTools(ctx.app, ctx.clientId)),

  save: admin.input(httpToolInput.safeExtend({ clientId })).mutation(async ({ ctx, input }) => {
    const { clientId: _clientId, ...tool } = input;
    const saved = await saveHttpTool(ctx.app, ctx.clientId, tool);
    ctx.audit.resourceId = saved.id;
    return saved;
  }),

  delete: admin.input(z.object({ clientId, id: z.string().uuid('not a valid tool id') })).mutation(async ({ ctx, input }) => {
    ctx.audit.resourceId = input.id;
    await deleteHttpTool(ctx.app, ctx.clientId, input.id);
    return { deleted: true };
  }),
});
