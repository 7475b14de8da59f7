import type { ChoiceOption } from './blocks.js';
import { normalizeText } from './normalizeText.js';

/**
 * Which option a customer's answer picks: the button or row id WhatsApp reports first, then the
 * title typed (case and accents ignored), then the option's number as shown in the list (1, 2, …).
 */
export function matchAnswer(options: ChoiceOption[], answer: { choiceId?: string | null; text?: string | null }): ChoiceOption | null {
  if (answer.choiceId) {
    const byId = options.find((option) => option.id === answer.choiceId);
    if (byId) return byId;
  }
  const typed = normalizeText(answer.text ?? '');
  if (typed === '') return null;
  const byTitle = options.find((option) => normalizeText(option.title) === typed);
  if (byTitle) return byTitle;
  const number = /^(\d{1,2})[.)]?$/.exec(typed);
  if (number) return options[Number(number[1]) - 1] ?? null;
  return null;
}
