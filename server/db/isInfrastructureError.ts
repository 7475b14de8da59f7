// Database trouble that says nothing about the work that hit it: a pool that could not hand out a
// connection in time, a connection that broke, a server shutting down or out of resources, a
// deadlock or serialization failure, SQLite busy. Retrying the work later is right; counting it
// against the work's own retry budget is not (drizzle wraps the driver's error, so causes are walked).
const PG_CLASSES = ['08', '53', '57'];
const PG_CODES = new Set(['40001', '40P01', '55P03']);
const MESSAGES = [/timeout exceeded when trying to connect/i, /connection terminated/i, /Connection terminated unexpectedly/i, /ECONNRESET|ECONNREFUSED|EPIPE/, /database is locked/i, /sorry, too many clients/i, /Client has encountered a connection error/i];

export function isInfrastructureError(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 6; depth++) {
    const { code, message, cause } = current as { code?: unknown; message?: unknown; cause?: unknown };
    if (typeof code === 'string') {
      if (PG_CODES.has(code) || (code.length === 5 && PG_CLASSES.includes(code.slice(0, 2)))) return true;
      if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return true;
      if (code === 'ECONNRESET' || code === 'ECONNREFUSED' || code === 'EPIPE') return true;
    }
    if (typeof message === 'string' && MESSAGES.some((pattern) => pattern.test(message))) return true;
    current = cause;
  }
  return false;
}
