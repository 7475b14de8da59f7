// Prints the hand-written part of the report-rollup migrations (migrations/pg/0026_report_rollups.sql
// and migrations/sqlite/0020_report_rollups.sql): the triggers that write the deltas of report_rollups
// and report_time_histograms as their source rows change (folded by
// server/features/reports/foldRollupDeltas.ts), and the backfill of existing rows. One
// definition of what each source row contributes, written out for both databases, so the two
// dialects (and the trigger and backfill of each) cannot count differently.
//
//   node scripts/reportRollupSql.mjs pg|sqlite
//
// The output was pasted into the migrations; it is kept to regenerate them for a new migration
// (an applied migration is never edited).
const kind = process.argv[2];
if (kind !== 'pg' && kind !== 'sqlite') throw new Error('usage: node scripts/reportRollupSql.mjs pg|sqlite');
const pg = kind === 'pg';

/** Start of the UTC hour of a timestamp, epoch ms. */
const hour = (x) => (pg ? `(floor(extract(epoch FROM ${x}) / 3600) * 3600000)::bigint` : `((${x} / 3600000) * 3600000)`);
const key = (x) => (pg ? `coalesce(${x}::text, '')` : `coalesce(${x}, '')`);
const flag = (condition) => `(CASE WHEN ${condition} THEN 1 ELSE 0 END)`;
/** server/features/reports/timeBins.ts: k = how many of 2^5..2^31 v reaches; bin = 16k + (v >> k). */
const bin = (v) => {
  if (pg) return `uzz_report_bin(${v})`;
  const k = Array.from({ length: 27 }, (_, index) => `(${v} >= ${2 ** (index + 5)})`).join(' + ');
  return `(16 * (${k}) + (${v} >> (${k})))`;
};

const ROLLUP_KEYS = ['client_id', 'bucket_ms', 'number_key', 'team_key', 'agent_key'];
const HISTOGRAM_KEYS = [...ROLLUP_KEYS, 'metric', 'bin'];

/**
 * What one source row (alias r; c: its conversation for messages) adds to a rollup table: key
 * expressions, value expressions, the condition for contributing at all, and the FROM of a trigger
 * (new/old row) or of the backfill (the whole table).
 */
function episodeContributions(r) {
  const dims = [`${r}.client_id`, null, key(`${r}.phone_number_id`), key(`${r}.team_id`), key(`${r}.agent_id`)];
  const at = (column) => dims.map((value) => value ?? hour(`${r}.${column}`));
  return [
    { table: 'report_rollups', keys: at('opened_at'), values: { opened: '1', handed_off: flag(`${r}.handed_off_at IS NOT NULL`) } },
    {
      table: 'report_rollups',
      keys: at('resolved_at'),
      values: {
        resolved: '1',
        first_response_count: flag(`${r}.first_response_seconds IS NOT NULL`),
        first_response_sum: `coalesce(${r}.first_response_seconds, 0)`,
        resolution_sum: `${r}.resolution_seconds`,
      },
    },
    {
      table: 'report_time_histograms',
      keys: [...at('resolved_at'), `'first_response'`, bin(`${r}.first_response_seconds`)],
      values: { count: '1', total: `${r}.first_response_seconds` },
      where: `${r}.first_response_seconds IS NOT NULL`,
    },
    {
      table: 'report_time_histograms',
      keys: [...at('resolved_at'), `'resolution'`, bin(`${r}.resolution_seconds`)],
      values: { count: '1', total: `${r}.resolution_seconds` },
    },
  ];
}

/** A conversation counts its current episode while it is open (the resolved ones are episodes). */
function openConversationContributions(r) {
  return [
    {
      table: 'report_rollups',
      keys: [`${r}.client_id`, hour(`${r}.opened_at`), key(`${r}.phone_number_id`), key(`${r}.team_id`), key(`${r}.assigned_to`)],
      values: { opened: '1', handed_off: flag(`${r}.handed_off_at IS NOT NULL`) },
      where: `${r}.status <> 'resolved' AND ${r}.opened_at IS NOT NULL`,
    },
  ];
}

/** A message counts on its conversation's current number and team (as the reports filtered before). */
function messageContributions(m, c) {
  return [
    {
      table: 'report_rollups',
      keys: [
        `${m}.client_id`,
        hour(`${m}.timestamp`),
        key(`${c}.phone_number_id`),
        key(`${c}.team_id`),
        `(CASE WHEN ${m}.direction = 'outgoing' AND ${m}.sent_by IS NOT NULL THEN ${m}.sent_by ELSE '' END)`,
      ],
      values: {
        incoming: flag(`${m}.direction = 'incoming'`),
        sent_by_people: flag(`${m}.direction = 'outgoing' AND ${m}.sent_by IS NOT NULL`),
        sent_by_bot: flag(`${m}.direction = 'outgoing' AND ${m}.sent_by IS NULL`),
      },
    },
  ];
}

function csatContributions(r) {
  return [
    {
      table: 'report_rollups',
      keys: [`${r}.client_id`, hour(`${r}.rated_at`), key(`${r}.phone_number_id`), key(`${r}.team_id`), key(`${r}.agent_id`)],
      values: Object.fromEntries([1, 2, 3, 4, 5].map((rating) => [`csat${rating}`, flag(`${r}.rating = ${rating}`)])),
      where: `${r}.rating IS NOT NULL AND ${r}.rated_at IS NOT NULL`,
    },
  ];
}

const keysOf = (table) => (table === 'report_rollups' ? ROLLUP_KEYS : HISTOGRAM_KEYS);
/** Where the triggers write: insert-only, folded into the rollup table by reports/rollupFolder.ts. */
const DELTAS = { report_rollups: 'report_rollup_deltas', report_time_histograms: 'report_time_histogram_deltas' };

/** SELECT k_…, ±sum(v_…) FROM … WHERE … GROUP BY the keys: one delta row per rollup row touched. */
function grouped(contribution, from, extraWhere, sign) {
  const names = keysOf(contribution.table);
  const keys = contribution.keys.map((expression, index) => `${expression} AS k_${names[index]}`);
  const values = Object.entries(contribution.values).map(([column, expression]) => `${sign}sum(${expression}) AS v_${column}`);
  const where = [contribution.where, ...extraWhere].filter(Boolean);
  return `SELECT ${[...keys, ...values].join(', ')}${from ? ` ${from}` : ''}${where.length ? ` WHERE ${where.join(' AND ')}` : ''} GROUP BY ${names.map((_, index) => index + 1).join(', ')}`;
}

/** Inserts the contribution as a delta, added (sign '') or taken away (sign '-'). */
function delta(sign) {
  return (contribution, from = '', extraWhere = []) => {
    const columns = [...keysOf(contribution.table), ...Object.keys(contribution.values)];
    return `INSERT INTO ${DELTAS[contribution.table]} (${columns.join(', ')}) ${grouped(contribution, from, extraWhere, sign)};`;
  };
}
const add = delta('');
const subtract = delta('-');

const lines = (statements) => statements.map((statement) => `  ${statement}`).join('\n');
const conversationOf = (m) => ({ from: `JOIN conversations c ON c.id = ${m}.conversation_id`, where: [] });
/** A conversation's messages counted on the given conversation row's number and team. */
const messagesOf = (c) => messageContributions('m', c).map((contribution) => [contribution, `FROM messages m`, [`m.conversation_id = ${c}.id`]]);
const numberOrTeamChanged = `(OLD.phone_number_id IS DISTINCT FROM NEW.phone_number_id OR OLD.team_id IS DISTINCT FROM NEW.team_id)`;
const sqliteDistinct = (text) => text.replaceAll('IS DISTINCT FROM', 'IS NOT');

const SOURCES = [
  {
    table: 'conversation_episodes',
    contributions: episodeContributions,
    columns: [
      'client_id',
      'phone_number_id',
      'team_id',
      'agent_id',
      'opened_at',
      'handed_off_at',
      'resolved_at',
      'first_response_seconds',
      'resolution_seconds',
    ],
  },
  { table: 'csat_responses', contributions: csatContributions, columns: ['client_id', 'phone_number_id', 'team_id', 'agent_id', 'rating', 'rated_at'] },
  {
    table: 'messages',
    contributions: (r) => messageContributions(r, 'c'),
    join: conversationOf,
    columns: ['client_id', 'conversation_id', 'direction', 'timestamp', 'sent_by'],
  },
];

/** FROM of a row-level trigger's OLD or NEW (messages: joined to their conversation). */
function rowFrom(source, row) {
  if (!source.join) return { from: '', where: [] };
  return { from: 'FROM conversations c', where: [`c.id = ${row}.conversation_id`] };
}
/** FROM of a statement-level trigger's transition table. */
function tableFrom(source, transition) {
  return `FROM ${transition} r${source.join ? ` ${source.join('r').from}` : ''}`;
}
const changedColumns = (columns, distinct) => columns.map((column) => `OLD.${column} ${distinct} NEW.${column}`).join(' OR ');

function pgFunction(name, body) {
  return `CREATE OR REPLACE FUNCTION ${name}() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
${body}
  RETURN NULL;
END $$;`;
}

// PostgreSQL: inserts and deletes fire once per statement, a webhook batch's messages summed per key
// (transition tables); an update fires per row, and only when a column the reports count changed
// (a message's status, a conversation's last_update or unread count never reach the function).
function pgTriggers() {
  const out = [];
  out.push(`-- The histogram bin of a number of seconds (server/features/reports/timeBins.ts): exact below 32, then 16 per doubling.
CREATE OR REPLACE FUNCTION uzz_report_bin(v bigint) RETURNS integer LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT (16 * k + (v >> k))::integer FROM (SELECT count(*)::integer AS k FROM generate_series(5, 31) AS i WHERE v >= (1::bigint << i)) AS bits
$$;`);
  for (const source of SOURCES) {
    const name = `uzz_report_${source.table}`;
    out.push(pgFunction(`${name}_inserted`, lines(source.contributions('r').map((contribution) => add(contribution, tableFrom(source, 'uzz_new_rows'))))));
    out.push(`CREATE TRIGGER ${source.table}_report_rollup_insert AFTER INSERT ON ${source.table}
  REFERENCING NEW TABLE AS uzz_new_rows FOR EACH STATEMENT EXECUTE FUNCTION ${name}_inserted();`);
    out.push(pgFunction(`${name}_deleted`, lines(source.contributions('r').map((contribution) => subtract(contribution, tableFrom(source, 'uzz_old_rows'))))));
    out.push(`CREATE TRIGGER ${source.table}_report_rollup_delete AFTER DELETE ON ${source.table}
  REFERENCING OLD TABLE AS uzz_old_rows FOR EACH STATEMENT EXECUTE FUNCTION ${name}_deleted();`);
    const old = rowFrom(source, 'OLD');
    const current = rowFrom(source, 'NEW');
    out.push(
      pgFunction(
        `${name}_updated`,
        lines([
          ...source.contributions('OLD').map((contribution) => subtract(contribution, old.from, old.where)),
          ...source.contributions('NEW').map((contribution) => add(contribution, current.from, current.where)),
        ]),
      ),
    );
    out.push(`CREATE TRIGGER ${source.table}_report_rollup_update AFTER UPDATE OF ${source.columns.join(', ')} ON ${source.table}
  FOR EACH ROW WHEN (${changedColumns(source.columns, 'IS DISTINCT FROM')}) EXECUTE FUNCTION ${name}_updated();`);
  }
  // Conversations: the open episode, and the messages' number and team when either changes. A
  // deleted conversation takes its messages' counts with it before its messages cascade away (their
  // own trigger then finds no conversation and adds no delta).
  out.push(
    pgFunction('uzz_report_conversations_inserted', lines(openConversationContributions('r').map((contribution) => add(contribution, 'FROM uzz_new_rows r')))),
  );
  out.push(`CREATE TRIGGER conversations_report_rollup_insert AFTER INSERT ON conversations
  REFERENCING NEW TABLE AS uzz_new_rows FOR EACH STATEMENT EXECUTE FUNCTION uzz_report_conversations_inserted();`);
  out.push(`CREATE OR REPLACE FUNCTION uzz_report_conversations_changed() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
${lines(openConversationContributions('OLD').map((contribution) => subtract(contribution)))}
  IF TG_OP = 'DELETE' THEN
${lines(messagesOf('OLD').map((args) => subtract(...args)))}
    RETURN OLD;
  END IF;
  IF ${numberOrTeamChanged} THEN
${lines(messagesOf('OLD').map((args) => subtract(...args)))}
${lines(messagesOf('NEW').map((args) => add(...args)))}
  END IF;
${lines(openConversationContributions('NEW').map((contribution) => add(contribution)))}
  RETURN NULL;
END $$;`);
  out.push(`CREATE TRIGGER conversations_report_rollup_update AFTER UPDATE OF client_id, status, opened_at, handed_off_at, phone_number_id, team_id, assigned_to ON conversations
  FOR EACH ROW WHEN (${conversationChanged('IS DISTINCT FROM')}) EXECUTE FUNCTION uzz_report_conversations_changed();`);
  out.push(
    `CREATE TRIGGER conversations_report_rollup_delete BEFORE DELETE ON conversations FOR EACH ROW EXECUTE FUNCTION uzz_report_conversations_changed();`,
  );
  return out;
}

/** The updates of a conversation that change what it counts (last_update, unread counts… do not). */
function conversationChanged(distinct) {
  return [
    `(OLD.status = 'resolved') ${distinct} (NEW.status = 'resolved')`,
    ...['opened_at', 'phone_number_id', 'team_id', 'assigned_to', 'client_id'].map((column) => `OLD.${column} ${distinct} NEW.${column}`),
    `(OLD.handed_off_at IS NULL) <> (NEW.handed_off_at IS NULL)`,
  ].join(' OR ');
}

// SQLite: row by row (it has no statement-level triggers; one writer at a time, a row trigger costs
// an insert per row).
function sqliteTriggers() {
  const out = [];
  for (const source of SOURCES) {
    const old = rowFrom(source, 'OLD');
    const current = rowFrom(source, 'NEW');
    const subtractOld = source.contributions('OLD').map((contribution) => subtract(contribution, old.from, old.where));
    const addNew = source.contributions('NEW').map((contribution) => add(contribution, current.from, current.where));
    out.push(`CREATE TRIGGER \`${source.table}_report_rollup_insert\` AFTER INSERT ON \`${source.table}\` FOR EACH ROW BEGIN\n${lines(addNew)}\nEND;`);
    out.push(`CREATE TRIGGER \`${source.table}_report_rollup_delete\` AFTER DELETE ON \`${source.table}\` FOR EACH ROW BEGIN\n${lines(subtractOld)}\nEND;`);
    out.push(
      `CREATE TRIGGER \`${source.table}_report_rollup_update\` AFTER UPDATE OF ${source.columns.join(', ')} ON \`${source.table}\`
  FOR EACH ROW WHEN ${changedColumns(source.columns, 'IS NOT')} BEGIN\n${lines([...subtractOld, ...addNew])}\nEND;`,
    );
  }
  const open = (row, op) => openConversationContributions(row).map((contribution) => op(contribution));
  const changed = sqliteDistinct(numberOrTeamChanged);
  out.push(`CREATE TRIGGER \`conversations_report_rollup_insert\` AFTER INSERT ON \`conversations\` FOR EACH ROW BEGIN\n${lines(open('NEW', add))}\nEND;`);
  out.push(
    `CREATE TRIGGER \`conversations_report_rollup_update\` AFTER UPDATE OF client_id, status, opened_at, handed_off_at, phone_number_id, team_id, assigned_to ON \`conversations\`
  FOR EACH ROW WHEN ${sqliteDistinct(conversationChanged('IS DISTINCT FROM'))} BEGIN
${lines([
  ...open('OLD', subtract),
  ...messagesOf('OLD').map(([contribution, from, where]) => subtract(contribution, from, [...where, changed])),
  ...messagesOf('NEW').map(([contribution, from, where]) => add(contribution, from, [...where, changed])),
  ...open('NEW', add),
])}
END;`,
  );
  out.push(
    `CREATE TRIGGER \`conversations_report_rollup_delete\` BEFORE DELETE ON \`conversations\` FOR EACH ROW BEGIN\n${lines([
      ...messagesOf('OLD').map((args) => subtract(...args)),
      ...open('OLD', subtract),
    ])}\nEND;`,
  );
  return out;
}

/** Rows stored before the migration: every source's contributions summed per rollup row. */
function backfill() {
  const sources = [
    ...episodeContributions('r').map((contribution) => [contribution, 'FROM conversation_episodes r']),
    ...openConversationContributions('r').map((contribution) => [contribution, 'FROM conversations r']),
    ...messageContributions('r', 'c').map((contribution) => [contribution, 'FROM messages r JOIN conversations c ON c.id = r.conversation_id']),
    ...csatContributions('r').map((contribution) => [contribution, 'FROM csat_responses r']),
  ];
  return ['report_rollups', 'report_time_histograms'].map((table) => {
    const names = keysOf(table);
    const parts = sources.filter(([contribution]) => contribution.table === table);
    const columns = [...new Set(parts.flatMap(([contribution]) => Object.keys(contribution.values)))];
    const selects = parts.map(([contribution, from]) => {
      const keys = contribution.keys.map((expression, index) => `${expression} AS ${names[index]}`);
      const values = columns.map((column) => `${contribution.values[column] ?? '0'} AS ${column}`);
      return `SELECT ${[...keys, ...values].join(', ')} ${from}${contribution.where ? ` WHERE ${contribution.where}` : ''}`;
    });
    return `INSERT INTO ${table} (${[...names, ...columns].join(', ')})
SELECT ${names.join(', ')}, ${columns.map((column) => `sum(${column})`).join(', ')} FROM (
  ${selects.join('\n  UNION ALL\n  ')}
) AS contributions GROUP BY ${names.join(', ')};`;
  });
}

const statements = pg ? pgTriggers() : sqliteTriggers();
console.log([...statements, ...backfill()].join('\n--> statement-breakpoint\n'));
