// The audit feature's public surface: what other features may import (server/app/featureBoundaries.test.ts).
export { writeAuditLog } from './writeAuditLog.js';
