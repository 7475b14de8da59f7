// The sandbox WhatsApp number: its transport (a Graph client without Meta), its webhooks, the test phone.
export { isSandboxPhoneNumberId, provisionSandboxNumber, sandboxNumberOf, sandboxOwner, SANDBOX_PREFIX, type SandboxNumber } from './sandboxNumber.js';
export { sandboxGraphClient } from './sandboxGraphClient.js';
export { sandboxFeature } from './sandboxFeature.js';
