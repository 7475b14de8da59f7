// Input shapes of cannedResponses.*: the shortcut is normalised (see normalizeShortcut) before it
// is checked, so "/Ola " is accepted as "ola"; the content must fit one WhatsApp text message.
import { z } from 'zod';
import { safeText } from '#shared/domain/safeText.js';
import { CANNED_CONTENT_MAX, SHORTCUT_MAX, normalizeShortcut, shortcutProblem } from '#shared/cannedResponses/cannedResponseRules.js';

const PROBLEMS = {
  empty: 'the shortcut cannot be empty',
  tooLong: `the shortcut has at most ${SHORTCUT_MAX} characters`,
  characters: 'the shortcut may only have letters, digits, "-" and "_" (no spaces)',
} as const;

export const shortcutInput = safeText()
  .max(200, PROBLEMS.tooLong)
  .transform(normalizeShortcut)
  .superRefine((shortcut, context) => {
    const problem = shortcutProblem(shortcut);
    if (problem) context.addIssue({ code: 'custom', message: PROBLEMS[problem] });
  });

export const contentInput = safeText()
  .transform((text) => text.trim())
  .pipe(
    safeText()
      .min(1, 'the response cannot be empty')
      .max(CANNED_CONTENT_MAX, `the response has at most ${CANNED_CONTENT_MAX} characters (WhatsApp's limit for a text message)`),
  );

/** Platform administrators name the client they act for (see tenantProcedure). */
const clientId = z.string().uuid('not a valid client id').optional();
const id = z.string().uuid('not a valid canned response id');

export const listInput = z.object({ clientId }).optional();
export const createInput = z.object({ clientId, shortcut: shortcutInput, content: contentInput });
export const updateInput = z
  .object({ clientId, id, shortcut: shortcutInput.optional(), content: contentInput.optional() })
  .refine((input) => input.shortcut !== undefined || input.content !== undefined, 'nothing to change: give a shortcut or a content');
export const deleteInput = z.object({ clientId, id });
