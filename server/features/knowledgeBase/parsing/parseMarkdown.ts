// Markdown (and plain text, which is Markdown without headings): ATX (#) and setext (===, ---)
// headings, paragraphs separated by blank lines, fenced code kept whole even across blank lines.
import { tidy, type Block, type ParsedDocument } from './parsedDocument.js';

export function parseMarkdown(text: string, options: { headings: boolean } = { headings: true }): ParsedDocument {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const blocks: Block[] = [];
  let paragraph: string[] = [];
  let fence: string | null = null;
  const flush = () => {
    const joined = tidy(paragraph.join('\n'));
    if (joined) blocks.push({ kind: 'paragraph', text: joined });
    paragraph = [];
  };

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (fence !== null) {
      paragraph.push(line);
      if (line.trim().startsWith(fence)) {
        // Code keeps its indentation: flushed without tidy.
        blocks.push({ kind: 'paragraph', text: paragraph.join('\n').trim() });
        paragraph = [];
        fence = null;
      }
      continue;
    }
    const fenceOpen = /^\s*(```|~~~)/.exec(line);
    if (options.headings && fenceOpen) {
      flush();
      fence = fenceOpen[1]!;
      paragraph.push(line);
      continue;
    }
    const atx = options.headings ? /^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line) : null;
    if (atx) {
      flush();
      if (atx[2]) blocks.push({ kind: 'heading', level: atx[1]!.length, text: tidy(atx[2]) });
      continue;
    }
    const next = lines[i + 1];
    if (options.headings && paragraph.length === 0 && line.trim() && next !== undefined && /^\s{0,3}(=+|-+)\s*$/.test(next)) {
      blocks.push({ kind: 'heading', level: next.trim().startsWith('=') ? 1 : 2, text: tidy(line) });
      i++;
      continue;
    }
    if (!line.trim()) flush();
    else paragraph.push(line);
  }
  if (fence !== null) blocks.push({ kind: 'paragraph', text: paragraph.join('\n').trim() });
  else flush();
  const firstH1 = blocks.find((block) => block.kind === 'heading' && block.level === 1);
  return { title: firstH1?.text ?? null, blocks };
}
