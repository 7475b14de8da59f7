// Connecting the client's real WhatsApp number (issue 15, item 7): the settings wizard's server side.
export { whatsappConnectionRouter } from './router.js';
export { CONNECTION_PROBLEMS, type ConnectionProblemCode } from './connectionProblem.js';
export type { WhatsappConnection } from './getConnection.js';
