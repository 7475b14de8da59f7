// Vocabularies of team operations (several numbers, teams, automatic assignment), shared by the
// schema, the server and the renderer.

/** How a team's unassigned queue is handed out: by hand, to the next member in turn, or to the member with fewest open chats. */
export const ASSIGNMENT_MODES = ['manual', 'round_robin', 'least_busy'] as const;
export type AssignmentMode = (typeof ASSIGNMENT_MODES)[number];

/** An agent's availability: only `online` agents get conversations automatically. */
export const AGENT_AVAILABILITIES = ['online', 'away', 'offline'] as const;
export type AgentAvailability = (typeof AGENT_AVAILABILITIES)[number];

/** A WhatsApp number of a client: its Meta number (own credentials) or a sandbox number (the test phone). */
export const NUMBER_KINDS = ['meta', 'sandbox'] as const;
export type NumberKind = (typeof NUMBER_KINDS)[number];

/** Live event: a team, its members or an agent's availability changed (the inbox reloads its filters and queues). */
export const TEAMS_CHANGED = 'teams.changed';
/** Live event: the client's numbers changed. */
export const NUMBERS_CHANGED = 'numbers.changed';
