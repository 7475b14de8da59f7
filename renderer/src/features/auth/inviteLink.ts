// Invite links carry the token in the fragment, so it never reaches server logs or Referer headers:
// `https://server/invite#<token>`. Administration builds them with inviteLink().
export const INVITE_PATH = '/invite';

export const inviteLink = (origin: string, token: string) => `${origin.replace(/\/+$/, '')}${INVITE_PATH}#${encodeURIComponent(token)}`;

export function inviteTokenFromHash(hash: string): string | null {
  const raw = hash.replace(/^#/, '');
  if (!raw) return null;
  try {
    return decodeURIComponent(raw);
  } catch {
    return null;
  }
}
