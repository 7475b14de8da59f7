// The report rollup tables and their delta tables, column by column (server/db/schema/reports.ts):
// one list for the fold that moves deltas into rollups and for the readers that sum both.
const KEYS = ['client_id', 'bucket_ms', 'number_key', 'team_key', 'agent_key'];

export type RollupTable = { rollups: string; deltas: string; keys: string[]; values: string[] };

export const COUNTS: RollupTable = {
  rollups: 'report_rollups',
  deltas: 'report_rollup_deltas',
  keys: KEYS,
  values: [
    'opened',
    'handed_off',
    'resolved',
    'first_response_count',
    'first_response_sum',
    'resolution_sum',
    'incoming',
    'sent_by_people',
    'sent_by_bot',
    'csat1',
    'csat2',
    'csat3',
    'csat4',
    'csat5',
  ],
};

export const TIME_HISTOGRAMS: RollupTable = {
  rollups: 'report_time_histograms',
  deltas: 'report_time_histogram_deltas',
  keys: [...KEYS, 'metric', 'bin'],
  values: ['count', 'total'],
};

/** The folded rows and the deltas not folded yet, as one relation for a single statement (one snapshot). */
export function foldedAndPending(table: RollupTable, alias: string): string {
  const columns = [...table.keys, ...table.values].join(', ');
  return `(select ${columns} from ${table.rollups} union all select ${columns} from ${table.deltas}) as ${alias}`;
}
