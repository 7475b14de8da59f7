// Canned responses: short names that expand to a prepared reply (typed as /name in the composer).
// Kept on this device for now (localStorage); a few sensible defaults to start with.
import { create } from 'zustand';

export type CannedResponse = { shortcut: string; text: string };

const STORAGE_KEY = 'uzz.canned';
const DEFAULTS: CannedResponse[] = [
  { shortcut: 'ola', text: 'Olá! Sou do atendimento. Como posso ajudar?' },
  { shortcut: 'aguarde', text: 'Um momento, por favor, vou verificar para você.' },
  { shortcut: 'obrigado', text: 'Obrigado pelo contato! Qualquer dúvida, é só chamar.' },
];

function read(): CannedResponse[] {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null');
    if (!Array.isArray(parsed)) return DEFAULTS;
    return parsed.filter((item): item is CannedResponse => typeof item?.shortcut === 'string' && typeof item?.text === 'string');
  } catch {
    return DEFAULTS;
  }
}

export const useCannedResponses = create<{ responses: CannedResponse[]; save(responses: CannedResponse[]): void }>((set) => ({
  responses: read(),
  save(responses) {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(responses));
    set({ responses });
  },
}));

/** The responses matching what follows a leading "/" (null when the draft is not a shortcut). */
export function matchCanned(draft: string, responses: CannedResponse[]): CannedResponse[] | null {
  const match = /^\/(\S*)$/.exec(draft);
  if (!match) return null;
  const typed = match[1]!.toLowerCase();
  return responses.filter((response) => response.shortcut.toLowerCase().startsWith(typed) || response.text.toLowerCase().includes(typed));
}
