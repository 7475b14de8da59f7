// A canned response as the app receives it: with its author's name and whether the caller may
// change it (so the screen shows edit and delete only where they would succeed).
import type { Tables } from '#server/db/tables.js';
import { mayChange, type Actor } from './cannedResponseRules.js';

type Row = Tables['cannedResponses']['$inferSelect'];

export function cannedResponseView(row: Row, author: { fullName: string | null; email: string } | null, actor: Actor) {
  return {
    id: row.id,
    shortcut: row.shortcut,
    content: row.content,
    createdBy: row.createdBy,
    authorName: author ? (author.fullName ?? author.email.split('@')[0]!) : null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    mayChange: mayChange(actor, row),
  };
}
export type CannedResponseView = ReturnType<typeof cannedResponseView>;
