// The client's WhatsApp numbers (inboxes): what other features may use.
export { numberNames } from './numberNames.js';
