// The sample content's data, one folder per language beside this file: the flow file (the same
// format flows.export writes), the knowledge-base document (markdown; {{businessName}} is replaced)
// and the canned responses. Read from disk so a designer edits them without touching code.
import fs from 'node:fs';

export const SETUP_LANGUAGES = ['pt-BR', 'en'] as const;
export type SetupLanguage = (typeof SETUP_LANGUAGES)[number];

export type SampleContentFiles = {
  flowFile: unknown;
  knowledge: { fileName: string; markdown: string };
  cannedResponses: Array<{ shortcut: string; content: string }>;
  /** What the AI reply sends when it cannot answer (no provider connected yet, an outage). */
  fallbackMessage: string;
};

const KNOWLEDGE_FILE_NAME: Record<SetupLanguage, string> = { 'pt-BR': 'sobre-o-negocio.md', en: 'about-the-business.md' };

export function readSampleContentFiles(language: SetupLanguage, businessName: string): SampleContentFiles {
  const read = (name: string) => fs.readFileSync(new URL(`./${language}/${name}`, import.meta.url), 'utf8');
  return {
    flowFile: JSON.parse(read('flow.json')) as unknown,
    knowledge: { fileName: KNOWLEDGE_FILE_NAME[language], markdown: read('knowledge.md').replaceAll('{{businessName}}', businessName) },
    cannedResponses: JSON.parse(read('cannedResponses.json')) as SampleContentFiles['cannedResponses'],
    fallbackMessage: read('fallbackMessage.txt').trim(),
  };
}
