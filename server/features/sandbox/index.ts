// The sandbox WhatsApp number: its transport (a Graph client without Meta), its webhooks, the test phone.
export { sandboxGraphClient } from './sandboxGraphClient.js';
export { sandboxFeature } from './sandboxFeature.js';
