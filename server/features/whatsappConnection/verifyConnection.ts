// Checks WhatsApp credentials against the Graph API: the phone number (display number, verified
// name, quality rating) and, when given, the WhatsApp Business account. Works on the wizard's
// values before they are saved or on the saved ones (each value not given comes from the client).
// A check of the saved number records what Meta said, so the settings show it afterwards.
import { TRPCError } from '@trpc/server';
import { and, eq } from 'drizzle-orm';
import type { AppContext } from '#server/app/appContext.js';
import { createGraphClient, type GraphPhoneNumber } from '../whatsapp/index.js';
import { connectionProblem, type ConnectionProblem } from './connectionProblem.js';

export type VerifyInput = { phoneNumberId?: string; wabaId?: string | null; accessToken?: string };

export type VerifyResult =
  | { ok: true; phone: GraphPhoneNumber; businessAccount: { id: string; name: string | null } | null }
  | { ok: false; failed: 'phoneNumber' | 'businessAccount'; error: ConnectionProblem; phone: GraphPhoneNumber | null };

export async function verifyConnection(app: AppContext, clientId: string, input: VerifyInput): Promise<VerifyResult> {
  const { clients } = app.db.t;
  // Read what is saved first; the network is called outside any transaction (see CONTRIBUTING).
  const saved = await app.db.tenant(clientId, async (tx) => {
    const [row] = await tx.select().from(clients).where(eq(clients.id, clientId));
    if (!row) throw new TRPCError({ code: 'NOT_FOUND', message: 'no client with this id' });
    const accessToken = input.accessToken === undefined && row.metaAccessTokenSecretId ? await app.vault.read(tx, row.metaAccessTokenSecretId) : null;
    return { phoneNumberId: row.metaPhoneNumberId, wabaId: row.metaWabaId, accessToken };
  });
  const phoneNumberId = input.phoneNumberId ?? saved.phoneNumberId;
  const wabaId = input.wabaId === undefined ? saved.wabaId : input.wabaId;
  const accessToken = input.accessToken ?? saved.accessToken;
  if (!phoneNumberId) throw new TRPCError({ code: 'BAD_REQUEST', message: 'enter the phone number id to check' });
  if (!accessToken) throw new TRPCError({ code: 'BAD_REQUEST', message: 'enter the access token to check' });

  const graph = createGraphClient({ ...app.config.whatsapp, allowPrivateNetwork: app.config.allowPrivateNetwork }, { phoneNumberId, wabaId, accessToken });
  let phone: GraphPhoneNumber;
  try {
    phone = await graph.getPhoneNumber();
  } catch (error) {
    return { ok: false, failed: 'phoneNumber', error: connectionProblem(error), phone: null };
  }
  let businessAccount: { id: string; name: string | null } | null = null;
  if (wabaId) {
    try {
      businessAccount = await graph.getBusinessAccount();
    } catch (error) {
      return { ok: false, failed: 'businessAccount', error: connectionProblem(error), phone };
    }
  }
  if (phoneNumberId === saved.phoneNumberId) {
    // Only while the saved number is still this one (an administrator may have changed it meanwhile).
    await app.db.tenant(clientId, (tx) =>
      tx
        .update(clients)
        .set({
          metaVerifiedName: phone.verifiedName,
          metaQualityRating: phone.qualityRating,
          metaVerifiedAt: new Date(),
          ...(phone.displayPhoneNumber ? { metaDisplayPhone: phone.displayPhoneNumber.slice(0, 30) } : {}),
        })
        .where(and(eq(clients.id, clientId), eq(clients.metaPhoneNumberId, phoneNumberId))),
    );
  }
  return { ok: true, phone, businessAccount };
}
