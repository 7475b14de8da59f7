// Member roles in rank order: each role can do what the ones before it can.
import type { UserRole } from './statuses.js';

const ROLE_RANK: Record<UserRole, number> = { viewer: 0, agent: 1, admin: 2, owner: 3 };

/** Whether a member with `role` may do what needs `minimum` (no role: not a member, so no). */
export function roleAtLeast(role: UserRole | null | undefined, minimum: UserRole): boolean {
  return role != null && ROLE_RANK[role] >= ROLE_RANK[minimum];
}
