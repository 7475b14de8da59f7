// The one definition of the data model. Each area file is written once with the dialect column
// builders (dialect.ts); `pgSchema` and `sqliteSchema` are that definition built for each database.
// schema.pg.ts and schema.sqlite.ts re-export them table by table for drizzle-kit and the ORM.
import { pgDialect, sqliteDialect, type Dialect } from './dialect.js';
import { identityTables } from './identity.js';
import { conversationsTables } from './conversations.js';
import { gatewayTables } from './gateway.js';
import { budgetsTables } from './budgets.js';
import { flowsTables } from './flows.js';
import { knowledgeTables } from './knowledge.js';
import { setupTables } from './setup.js';
import { jobsTables } from './jobs.js';
import { aiAgentTables } from './aiAgent.js';
import { contactsTables } from './contacts.js';
import { integrationsTables } from './integrations.js';
import { teamsTables } from './teams.js';
import { reportsTables } from './reports.js';

/** Every table, built for the given database. Areas come in dependency order (references point back). */
export function buildSchema(d: Dialect) {
  const identity = identityTables(d);
  const conversations = conversationsTables(d, identity);
  const gateway = gatewayTables(d, { ...identity, ...conversations }, () => budgets);
  const budgets = budgetsTables(d, { ...identity, ...conversations, ...gateway });
  const flows = flowsTables(d, { ...identity, ...conversations });
  const jobs = jobsTables(d, identity);
  const knowledge = knowledgeTables(d, { ...identity, ...conversations, ...jobs });
  const setup = setupTables(d);
  const aiAgent = aiAgentTables(d, identity, conversations);
  const contacts = contactsTables(d, { ...identity, ...conversations, ...flows });
  const integrations = integrationsTables(d, identity);
  const teams = teamsTables(
    d,
    identity,
    () => conversations.conversations,
    () => flows.interactiveFlows,
  );
  const reports = reportsTables(d, identity);
  return {
    ...identity,
    ...conversations,
    ...gateway,
    ...budgets,
    ...flows,
    ...knowledge,
    ...setup,
    ...jobs,
    ...aiAgent,
    ...contacts,
    ...integrations,
    ...teams,
    ...reports,
  };
}

export type Schema = ReturnType<typeof buildSchema>;

export const pgSchema = buildSchema(pgDialect);
/** Typed as the PostgreSQL tables, like `db.t` (see dialect.ts for why that is sound). */
export const sqliteSchema = buildSchema(sqliteDialect);
export { pgDialect, sqliteDialect, type Dialect } from './dialect.js';
