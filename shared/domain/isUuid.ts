/** Ids are UUIDs; anything else cannot name a row (and PostgreSQL would reject it with an error, not "not found"). */
export const isUuid = (value: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
