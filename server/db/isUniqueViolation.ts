// Whether a database error is a unique-index violation mentioning `name` (an index or column
// name), on either driver. drizzle wraps driver errors, so the cause chain is searched.
export function isUniqueViolation(error: unknown, name: string): boolean {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; current = current.cause, depth++) {
    const code = (current as { code?: unknown }).code;
    const text = `${current.message} ${(current as { constraint?: unknown }).constraint ?? ''}`;
    if ((code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE') && text.includes(name)) return true;
  }
  return false;
}
