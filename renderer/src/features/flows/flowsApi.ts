// The flows part of the API (server/features/flows/router.ts, mounted as `flows`) and its types.
import { api } from '#renderer/api/api';
import type { RouterOutputs } from '#renderer/api/createApiClient';

export type FlowsOutputs = RouterOutputs['flows'];
export type FlowView = FlowsOutputs['get'];
export type FlowSummary = FlowsOutputs['list'][number];
export type SimulatorTurn = FlowsOutputs['simulate']['start'];
export type FlowVersion = FlowsOutputs['versions'][number];

export const flowsApi = () => api().flows;
