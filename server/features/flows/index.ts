// The flows feature's public surface: what other features may import (server/app/featureBoundaries.test.ts).
export { importFlow } from './importFlow.js';
export { publishFlow } from './publishFlow.js';
export { startFlowManually, type ManualStart } from './executor/startFlowManually.js';
export { flowStarter } from './executor/flowStarter.js';
export { flowsResponder } from './executor/flowsResponder.js';
export { businessHoursFlowResponder } from './executor/businessHoursFlowResponder.js';
export { flowControl } from './executor/flowControl.js';
export { type ContactAttributesPort, registerContactAttributes } from './executor/contactAttributesPort.js';
