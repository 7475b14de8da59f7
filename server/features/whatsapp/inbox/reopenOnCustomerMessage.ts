// A customer's message reopens a conversation set aside (resolved → the bot; snoozed → its person,
// or waiting for one), in the same upsert that stores the message: the responders then see the
// reopened status, so the bot answers a reopened chat at once, and a message can never slip in
// between storing and reopening. The one status change outside conversations/conversationTransition.ts
// (this feature cannot import that one), so the SQL is built from the shared state machine itself.
import { sql, type SQL } from 'drizzle-orm';
import type { Tables } from '#server/db/tables.js';
import { canTransition, reopenedStatus } from '#shared/domain/conversationLifecycle.js';
import { CONVERSATION_STATUSES } from '#shared/domain/statuses.js';

type Conversations = Tables['conversations'];

const REOPENING = CONVERSATION_STATUSES.flatMap((status) => {
  const unassigned = reopenedStatus(status, null);
  const assigned = reopenedStatus(status, 'someone');
  if (!unassigned || !assigned) return [];
  for (const to of [unassigned, assigned]) if (!canTransition(status, to)) throw new Error(`the state machine reopens ${status} into ${to}, a move it refuses`);
  return [{ status, unassigned, assigned }];
});

/** The `status` to set on conflict: the reopened status for a set-aside conversation, else unchanged. */
export function reopenedStatusSql(conversations: Conversations): SQL {
  const cases = REOPENING.map(
    ({ status, unassigned, assigned }) =>
      sql`when ${conversations.status} = ${status} then (case when ${conversations.assignedTo} is null then ${unassigned} else ${assigned} end)`,
  );
  return sql`(case ${sql.join(cases, sql` `)} else ${conversations.status} end)`;
}

/** The `snoozed_until` to set on conflict: cleared when the conversation is reopened. */
export function reopenedSnoozeSql(conversations: Conversations): SQL {
  const reopened = sql.join(
    REOPENING.map(({ status }) => sql`${status}`),
    sql`, `,
  );
  return sql`(case when ${conversations.status} in (${reopened}) then null else ${conversations.snoozedUntil} end)`;
}

/** The `opened_at` to set on conflict: a resolved conversation's new episode begins now (excluded.opened_at); an open one keeps its start. */
export function reopenedOpenedAtSql(conversations: Conversations): SQL {
  return sql`(case when ${conversations.status} = 'resolved' then excluded.opened_at else coalesce(${conversations.openedAt}, excluded.opened_at) end)`;
}

/** The `handed_off_at` to set on conflict: a new episode has not been handed to people yet. */
export function reopenedHandedOffSql(conversations: Conversations): SQL {
  return sql`(case when ${conversations.status} = 'resolved' then null else ${conversations.handedOffAt} end)`;
}
