// Invite tokens: 32 random bytes, shown once (in the invite link); only their SHA-256 is stored in
// user_invites.token, so reading the table does not let anyone join a client.
import { randomBytes } from 'node:crypto';
import { hashToken } from '../auth/index.js';

export const INVITE_PREFIX = 'inv_';
export const DEFAULT_INVITE_HOURS = 7 * 24;
export const MAX_INVITE_HOURS = 30 * 24;

export function newInviteToken(): { token: string; tokenHash: string } {
  const token = `${INVITE_PREFIX}${randomBytes(32).toString('base64url')}`;
  return { token, tokenHash: hashToken(token) };
}

export const hashInviteToken = (token: string) => hashToken(token.trim());

export type InviteState = 'pending' | 'accepted' | 'revoked' | 'expired';

export function inviteState(invite: { acceptedAt: Date | null; revokedAt: Date | null; expiresAt: Date }, now = new Date()): InviteState {
  if (invite.acceptedAt) return 'accepted';
  if (invite.revokedAt) return 'revoked';
  return invite.expiresAt <= now ? 'expired' : 'pending';
}
