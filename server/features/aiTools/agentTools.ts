// The tools one turn offers the model: the built-ins the client turned on, then its active HTTP tools.
import type { BuiltinAiTool } from '#shared/bot/botConfiguration.js';
import type { AppContext } from '#server/app/appContext.js';
import type { AgentTool } from './agentTool.js';
import { builtinTools } from './builtinTools.js';
import { clientHttpTools } from './httpTools.js';

export async function agentTools(app: AppContext, clientId: string, builtins: readonly BuiltinAiTool[], options: { forFlow: boolean }): Promise<AgentTool[]> {
  const [builtIn, http] = await Promise.all([builtinTools(app, clientId, builtins, options), clientHttpTools(app, clientId)]);
  return [...builtIn, ...http];
}
