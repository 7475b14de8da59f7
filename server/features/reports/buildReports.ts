// The reports as the screen and the CSV show them: hour buckets from SQL turned into the client's
// local days and hours (in the client's timezone, localClock.ts), every day of the period present.
import { eq } from 'drizzle-orm';
import type { AppContext } from '#server/app/appContext.js';
import type { Tx } from '#server/db/tables.js';
import { WEEKDAYS } from '#shared/teams/businessHours.js';
import { localClock, type LocalHour } from './localClock.js';
import { byAgent, hourlyIncoming, hourlyOpenedResolved, type AgentRow, type ReportSummary } from './reportQueries.js';
import type { ReportFilter } from './reportInput.js';

export async function clientTimeZone(app: AppContext, tx: Tx, clientId: string): Promise<string> {
  const { clients } = app.db.t;
  const [row] = await tx.select({ timezone: clients.timezone }).from(clients).where(eq(clients.id, clientId));
  return row?.timezone ?? 'America/Sao_Paulo';
}

/** Every local day the period touches, in order. */
function daysOf(filter: ReportFilter, clock: (ms: number) => LocalHour): string[] {
  const days: string[] = [];
  for (let at = filter.from.getTime(); at < filter.to.getTime() + 3_600_000; at += 3_600_000) {
    const day = clock(Math.min(at, filter.to.getTime() - 1)).date;
    if (days.at(-1) !== day) days.push(day);
  }
  return days;
}

export type PerDay = { date: string; opened: number; resolved: number };

export async function reportPerDay(app: AppContext, tx: Tx, clientId: string, filter: ReportFilter): Promise<{ timeZone: string; days: PerDay[] }> {
  const timeZone = await clientTimeZone(app, tx, clientId);
  const hourly = await hourlyOpenedResolved(app, tx, clientId, filter);
  const clock = localClock(timeZone);
  const days = new Map(daysOf(filter, clock).map((date) => [date, { date, opened: 0, resolved: 0 }]));
  for (const [key, rows] of [
    ['opened', hourly.opened],
    ['resolved', hourly.resolved],
  ] as const) {
    for (const row of rows) {
      const day = days.get(clock(row.bucketMs).date);
      if (day) day[key] += row.count;
    }
  }
  return { timeZone, days: [...days.values()] };
}

/** Customers' messages by local weekday (rows, Sunday first) and hour (columns). */
export async function reportHeatmap(
  app: AppContext,
  tx: Tx,
  clientId: string,
  filter: ReportFilter,
): Promise<{ timeZone: string; weekdays: readonly string[]; cells: number[][] }> {
  const timeZone = await clientTimeZone(app, tx, clientId);
  const cells = WEEKDAYS.map(() => Array.from({ length: 24 }, () => 0));
  const clock = localClock(timeZone);
  for (const row of await hourlyIncoming(app, tx, clientId, filter)) {
    const local = clock(row.bucketMs);
    cells[WEEKDAYS.indexOf(local.weekday)]![local.hour]! += row.count;
  }
  return { timeZone, weekdays: WEEKDAYS, cells };
}

export type AgentReportRow = AgentRow & { name: string };

export async function reportByAgent(app: AppContext, tx: Tx, clientId: string, filter: ReportFilter): Promise<AgentReportRow[]> {
  const { userProfiles } = app.db.t;
  const rows = await byAgent(app, tx, clientId, filter);
  const people = await tx
    .select({ id: userProfiles.id, email: userProfiles.email, fullName: userProfiles.fullName })
    .from(userProfiles)
    .where(eq(userProfiles.clientId, clientId));
  return rows.map((row) => {
    const person = people.find((entry) => entry.id === row.agentId);
    return { ...row, name: person?.fullName ?? person?.email ?? row.agentId };
  });
}

const cell = (value: string | number | null) => {
  const text = value === null ? '' : String(value);
  // Quoted when needed; a leading = + - @ is prefixed so a spreadsheet never runs it as a formula.
  const safe = /^[=+\-@]/.test(text) && Number.isNaN(Number(text)) ? `'${text}` : text;
  return /[",\n;]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
};
const line = (values: Array<string | number | null>) => values.map(cell).join(',');
const round = (value: number | null, digits = 2) => (value === null ? null : Number(value.toFixed(digits)));

/** One CSV with the summary, the days and the agents (sections separated by a blank line). */
export function reportCsv(summary: ReportSummary, perDay: PerDay[], agents: AgentReportRow[], filter: ReportFilter): string {
  const lines = [
    line(['metric', 'value']),
    line(['from', filter.from.toISOString()]),
    line(['to', filter.to.toISOString()]),
    line(['opened', summary.opened]),
    line(['resolved', summary.resolved]),
    line(['handed_off', summary.handedOff]),
    line(['bot_containment', round(summary.botContainment, 4)]),
    line(['handoff_rate', round(summary.handoffRate, 4)]),
    line(['first_response_p50_seconds', summary.firstResponseSeconds.p50]),
    line(['first_response_p90_seconds', summary.firstResponseSeconds.p90]),
    line(['resolution_p50_seconds', summary.resolutionSeconds.p50]),
    line(['resolution_p90_seconds', summary.resolutionSeconds.p90]),
    line(['messages_sent_by_people', summary.messagesSent.byPeople]),
    line(['messages_sent_by_bot', summary.messagesSent.byBot]),
    line(['csat_answers', summary.csat.answers]),
    line(['csat_average', round(summary.csat.average)]),
    '',
    line(['date', 'opened', 'resolved']),
    ...perDay.map((day) => line([day.date, day.opened, day.resolved])),
    '',
    line(['agent', 'resolved', 'avg_first_response_seconds', 'avg_resolution_seconds', 'messages_sent', 'csat_answers', 'csat_average']),
    ...agents.map((agent) =>
      line([
        agent.name,
        agent.resolved,
        round(agent.averageFirstResponseSeconds, 0),
        round(agent.averageResolutionSeconds, 0),
        agent.messagesSent,
        agent.csatAnswers,
        round(agent.csatAverage),
      ]),
    ),
  ];
  return `${lines.join('\n')}\n`;
}
