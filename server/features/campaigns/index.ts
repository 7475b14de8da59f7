// The campaigns feature's public surface: what other features may import (server/app/featureBoundaries.test.ts).
export { campaignReplyResponder } from './campaignReplyResponder.js';
export { SEND_JOB as CAMPAIGN_SEND_JOB } from './sendCampaign.js';
