// The flows part of the API (server/features/flows/router.ts), typed from the router itself.
import type { TRPCClient } from '@trpc/client';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { flowsRouter } from '../../../../server/features/flows/router';
import { api } from '../../api/api';

type FlowsRouter = typeof flowsRouter;
export type FlowsOutputs = inferRouterOutputs<FlowsRouter>;
export type FlowsInputs = inferRouterInputs<FlowsRouter>;
export type FlowView = FlowsOutputs['get'];
export type FlowSummary = FlowsOutputs['list'][number];
export type SimulatorTurn = FlowsOutputs['simulate']['start'];
export type FlowVersion = FlowsOutputs['versions'][number];

/** `api().flows`, typed by the flows router (mounted as `flows` in the app router). */
export function flowsApi(): TRPCClient<FlowsRouter> {
  return (api() as unknown as { flows: TRPCClient<FlowsRouter> }).flows;
}
