// The auth feature's public surface: what other features may import (server/app/featureBoundaries.test.ts).
export { DuplicateEmailError, insertUser } from './createUser.js';
export { MIN_PASSWORD_LENGTH, hashPassword, verifyPassword } from './passwords.js';
export { sessionCredential } from './sessionCookie.js';
export { type Session, createSession, hashToken, resolveSession, sessionStillValid } from './sessions.js';
export { announceSessionsEnded, onSessionsEnded } from './sessionsEnded.js';
