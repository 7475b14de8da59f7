// tRPC for the WhatsApp connection wizard (the client's real number on Meta's Cloud API): read the
// connection, check credentials with Meta, save them, send a test message, disconnect. Client
// admins and owners only; mutations are audited, and the audit log redacts fields named
// token/secret (accessToken, appSecret), so secrets never reach it.
import { z } from 'zod';
import { safeText } from '#shared/domain/safeText.js';
import { router, withRole } from '#server/trpc/trpc.js';
import { disconnectWhatsapp } from './disconnectWhatsapp.js';
import { getConnection } from './getConnection.js';
import { saveConnection } from './saveConnection.js';
import { sendTestMessage } from './sendTestMessage.js';
import { verifyConnection } from './verifyConnection.js';

const clientId = z.string().uuid().optional(); // platform administrators name the client (see tenantProcedure)
const admin = withRole('admin');
const phoneNumberId = safeText()
  .trim()
  .regex(/^\d{5,30}$/, 'the phone number id is the numeric id Meta shows in WhatsApp > API Setup (not the phone number itself)');
const wabaId = safeText()
  .trim()
  .regex(/^\d{5,30}$/, 'the WhatsApp Business account id is the numeric id Meta shows in WhatsApp > API Setup');
/** A write-only secret: empty or absent keeps the saved value. */
const secret = (min: number, what: string) =>
  safeText()
    .trim()
    .max(4000, `the ${what} is at most 4000 characters`)
    .optional()
    .transform((value) => (value === '' ? undefined : value))
    .refine((value) => value === undefined || value.length >= min, `the ${what} has at least ${min} characters`)
    .refine((value) => value === undefined || !/\s/.test(value), `the ${what} has no spaces: copy it again`);

export const whatsappConnectionRouter = router({
  get: admin.input(z.object({ clientId }).optional()).query(({ ctx }) => getConnection(ctx.app, ctx.clientId, ctx.request.origin ?? null)),

  /** Each value not given is the saved one: checks the wizard's values before saving, or the saved connection. */
  verify: admin
    .input(z.object({ clientId, phoneNumberId: phoneNumberId.optional(), wabaId: wabaId.nullable().optional(), accessToken: secret(10, 'access token') }))
    .mutation(({ ctx, input }) => {
      ctx.audit.resourceId = ctx.clientId;
      const { clientId: _clientId, ...values } = input;
      return verifyConnection(ctx.app, ctx.clientId, values);
    }),

  save: admin
    .input(
      z.object({
        clientId,
        phoneNumberId,
        wabaId: wabaId.nullable().optional(),
        accessToken: secret(10, 'access token'),
        appSecret: secret(8, 'app secret'),
        regenerateVerifyToken: z.boolean().optional(),
      }),
    )
    .mutation(({ ctx, input }) => {
      ctx.audit.resourceId = ctx.clientId;
      const { clientId: _clientId, ...values } = input;
      return saveConnection(ctx.app, ctx.clientId, values);
    }),

  sendTest: admin
    .input(
      z.object({
        clientId,
        to: safeText()
          .trim()
          .min(1, 'type the number to send the test message to')
          .max(40)
          .regex(/^\+?[\d\s().-]+$/, 'the number has only digits (and + ( ) - spaces), e.g. +55 11 91234-5678'),
        text: safeText().trim().max(1000, 'the test message is at most 1000 characters').optional(),
      }),
    )
    .mutation(({ ctx, input }) => {
      ctx.audit.resourceId = ctx.clientId;
      return sendTestMessage(ctx.app, ctx.clientId, { to: input.to, text: input.text });
    }),

  disconnect: admin.input(z.object({ clientId }).optional()).mutation(({ ctx }) => {
    ctx.audit.resourceId = ctx.clientId;
    return disconnectWhatsapp(ctx.app, ctx.clientId);
  }),
});
