// testPhone.*: the test phone panel, where a user plays a customer of the sandbox number. Every
// member may look; agents and up create customers and send as them.
import { router, tenantProcedure, withRole } from '#server/trpc/trpc.js';
import { clearTestPhone, createTestCustomer, listTestCustomers, removeTestCustomer } from './testCustomers.js';
import { createCustomerInput, customerInput, markReadInput, sendInput, threadInput } from './testPhoneInput.js';
import { testPhoneMarkRead } from './testPhoneMarkRead.js';
import { testPhoneSend } from './testPhoneSend.js';
import { testPhoneThread } from './testPhoneThread.js';

const writer = withRole('agent');

export const testPhoneRouter = router({
  customers: router({
    list: tenantProcedure.query(({ ctx }) => listTestCustomers(ctx.app, ctx.clientId)),
    create: writer.input(createCustomerInput).mutation(async ({ ctx, input }) => {
      const created = await createTestCustomer(ctx.app, ctx.clientId, input);
      ctx.audit.resourceId = created.id;
      return created;
    }),
    remove: writer.input(customerInput).mutation(({ ctx, input }) => removeTestCustomer(ctx.app, ctx.clientId, input.id)),
  }),
  clear: writer.mutation(({ ctx }) => clearTestPhone(ctx.app, ctx.clientId)),
  thread: tenantProcedure.input(threadInput).query(({ ctx, input }) => testPhoneThread(ctx.app, ctx.clientId, input)),
  send: writer.input(sendInput).mutation(({ ctx, input }) => testPhoneSend(ctx.app, ctx.clientId, input)),
  markRead: writer.input(markReadInput).mutation(({ ctx, input }) => testPhoneMarkRead(ctx.app, ctx.clientId, input)),
});
