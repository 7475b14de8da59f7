// The aiTools feature's public surface: what other features may import (server/app/featureBoundaries.test.ts).
export type { AgentTool, TurnEnd } from './agentTool.js';
export { agentTools } from './agentTools.js';
export { registerFlowStarter, type FlowStarter } from './flowStarterPort.js';
export { registerKnowledgeSearch, type KnowledgeSearch } from './knowledgeSearchPort.js';
export { runAgentTurn, type AgentTurnResult, type StepRecord } from './runAgentTurn.js';
