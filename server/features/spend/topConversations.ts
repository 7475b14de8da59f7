// The period's most expensive conversations, with who they are with, for links to the inbox.
import { sql } from 'drizzle-orm';
import type { AppContext } from '#server/app/appContext.js';
import type { Tx } from '#server/db/tables.js';
import { fromE10 } from './rollupSql.js';
import type { SpendPeriod } from './spendPeriod.js';
import { byDialect } from '#server/db/dialect.js';

export async function topConversations(app: AppContext, tx: Tx, clientId: string, period: SpendPeriod, limit: number) {
  // Ranking needs every conversation's sum over the period (50,000 groups for a million calls).
  // PostgreSQL's default 4 MB of work_mem sent that to a sort spilled to disk (~2x slower than
  // the hash aggregate it can do in ~16 MB); raised for this transaction only.
  await byDialect(app.db, {
    pg: () => app.db.exec(tx, sql`select set_config('work_mem', '32MB', true)`),
    sqlite: async () => undefined,
  });
  const rows = await app.db.rows<{
    conversation_id: string;
    calls: string;
    total_tokens: string;
    cost_brl: string;
    cost_usd: string;
    name: string | null;
    phone: string;
    status: string;
  }>(
    tx,
    sql`
    select t.conversation_id, cast(t.calls as text) as calls, cast(t.total_tokens as text) as total_tokens,
      cast(t.cost_brl as text) as cost_brl, cast(t.cost_usd as text) as cost_usd, c.name, c.phone, c.status
    from (
      select r.conversation_id, sum(r.calls) as calls, sum(r.total_tokens) as total_tokens, sum(r.cost_brl_e_10) as cost_brl,
        sum(r.cost_usd_e_10) as cost_usd
      from spend_conversation_rollups r
      where r.client_id = ${clientId} and r.bucket_ms >= ${period.fromMs} and r.bucket_ms < ${period.toMs}
      group by r.conversation_id
      order by sum(r.cost_brl_e_10) desc, sum(r.total_tokens) desc, r.conversation_id
      limit ${limit}
    ) t join conversations c on c.id = t.conversation_id and c.client_id = ${clientId}
    order by t.cost_brl desc, t.total_tokens desc, t.conversation_id`,
  );
  return rows.map((row) => ({
    conversationId: row.conversation_id,
    name: row.name,
    phone: row.phone,
    status: row.status,
    calls: Number(row.calls),
    totalTokens: Number(row.total_tokens),
    costBrl: fromE10(row.cost_brl),
    costUsd: fromE10(row.cost_usd),
  }));
}
