// Teams, numbers and agents as the admin panels, the inbox filters and the reports read them.
import { useQuery } from '@tanstack/react-query';
import { api } from '#renderer/api/api';

export const teamsKeys = {
  teams: (clientId: string | null) => ['teams', 'list', clientId] as const,
  agents: (clientId: string | null) => ['teams', 'agents', clientId] as const,
  numbers: (clientId: string | null) => ['numbers', 'list', clientId] as const,
};

export function useTeams(input: { clientId?: string } = {}, enabled = true) {
  return useQuery({ queryKey: teamsKeys.teams(input.clientId ?? null), queryFn: () => api().teams.list.query(input), enabled });
}

export function useAgents(input: { clientId?: string } = {}, enabled = true) {
  return useQuery({ queryKey: teamsKeys.agents(input.clientId ?? null), queryFn: () => api().teams.agents.query(input), enabled });
}

export function useNumbers(input: { clientId?: string } = {}, enabled = true) {
  return useQuery({ queryKey: teamsKeys.numbers(input.clientId ?? null), queryFn: () => api().numbers.list.query(input), enabled });
}
