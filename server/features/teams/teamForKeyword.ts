// The team a customer's words ask for: the first team (by name) with one of its keywords in the
// message (whole words, case and accents aside), as the bot's handoff keywords match.
import { and, asc, eq, isNotNull } from 'drizzle-orm';
import type { AppContext } from '#server/app/appContext.js';
import type { Tx } from '#server/db/tables.js';
import { matchKeyword } from '#shared/flows/matchTrigger.js';

export async function teamForKeyword(app: AppContext, tx: Tx, clientId: string, text: string): Promise<{ id: string; name: string } | null> {
  const { teams } = app.db.t;
  const rows = await tx
    .select({ id: teams.id, name: teams.name, keywords: teams.keywords })
    .from(teams)
    .where(and(eq(teams.clientId, clientId), isNotNull(teams.keywords)))
    .orderBy(asc(teams.name));
  const team = rows.find((row) => row.keywords && row.keywords.length > 0 && matchKeyword(text, row.keywords, 'contains'));
  return team ? { id: team.id, name: team.name } : null;
}
