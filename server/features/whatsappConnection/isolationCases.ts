// Tenant isolation cases for whatsappConnection.* (see server/testing/isolation/isolationCase.ts).
// Every procedure acts on the caller's own client only; client A's phone number id is refused to
// client B without saying whose it is. The probes stop before any call to Meta (no network in tests).
import type { FeatureIsolation } from '#server/testing/isolation/isolationCase.js';

export const isolation: FeatureIsolation = {
  cases: {
    'whatsappConnection.get': {
      why: "reads the caller's own client's connection (its own verify token only)",
      probes: () => [
        { input: {}, expect: 'allowed' },
        { as: 'agent', expect: 'denied', code: 'FORBIDDEN' },
        { as: 'viewer', expect: 'denied', code: 'FORBIDDEN' },
      ],
    },
    'whatsappConnection.verify': {
      why: "checks with the caller's own client's saved credentials only (another client id is refused before Meta is called)",
      probes: ({ a }) => [
        { input: { clientId: a.clientId }, expect: 'denied', code: 'FORBIDDEN' },
        { input: { phoneNumberId: a.phoneNumberId }, as: 'agent', expect: 'denied', code: 'FORBIDDEN' },
      ],
    },
    'whatsappConnection.save': {
      why: "saves the caller's own client; a phone number id another client holds is refused without naming it",
      probes: ({ a }) => [
        { input: { phoneNumberId: a.phoneNumberId }, expect: 'denied', code: 'CONFLICT' },
        { input: { phoneNumberId: a.phoneNumberId, accessToken: 'EAAisolation-b-token' }, as: 'admin', expect: 'denied', code: 'CONFLICT' },
        { input: { phoneNumberId: '5550001112223' }, as: 'agent', expect: 'denied', code: 'FORBIDDEN' },
      ],
    },
    'whatsappConnection.sendTest': {
      why: "sends from the caller's own client's number only (another client id is refused before Meta is called)",
      probes: ({ a }) => [
        { input: { clientId: a.clientId, to: '+5511912345678' }, expect: 'denied', code: 'FORBIDDEN' },
        { input: { to: '+5511912345678' }, as: 'agent', expect: 'denied', code: 'FORBIDDEN' },
      ],
    },
    'whatsappConnection.disconnect': {
      why: "disconnects the caller's own client only",
      probes: ({ a }) => [
        { input: { clientId: a.clientId }, expect: 'denied', code: 'FORBIDDEN' },
        { input: {}, as: 'agent', expect: 'denied', code: 'FORBIDDEN' },
        { input: {}, as: 'viewer', expect: 'denied', code: 'FORBIDDEN' },
      ],
    },
  },
};
