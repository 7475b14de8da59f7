// HTML (and DOCX, which mammoth turns into HTML) to headings and paragraphs: h1–h6 are headings,
// block elements end a paragraph, table rows become one line of cells, scripts/styles are dropped.
import { Parser } from 'htmlparser2';
import { tidy, type Block, type ParsedDocument } from './parsedDocument.js';

const BLOCK_ELEMENTS = new Set([
  'p',
  'div',
  'section',
  'article',
  'main',
  'header',
  'footer',
  'aside',
  'nav',
  'blockquote',
  'pre',
  'ul',
  'ol',
  'li',
  'dl',
  'dt',
  'dd',
  'table',
  'thead',
  'tbody',
  'tfoot',
  'tr',
  'figure',
  'figcaption',
  'address',
  'hr',
  'form',
  'fieldset',
  'details',
  'summary',
]);
const SKIPPED = new Set(['script', 'style', 'noscript', 'template', 'svg', 'iframe', 'object', 'head']);

export function parseHtml(html: string): ParsedDocument {
  const blocks: Block[] = [];
  let text = '';
  let title: string | null = null;
  let inTitle = false;
  let skipDepth = 0;
  let headingLevel: number | null = null;
  let preDepth = 0;
  let rowCells: string[] | null = null;

  const flush = () => {
    const value = preDepth > 0 ? text.replace(/^\n+|\s+$/g, '') : tidy(text);
    text = '';
    if (!value) return;
    if (headingLevel !== null) blocks.push({ kind: 'heading', level: headingLevel, text: value.replace(/\n/g, ' ') });
    else blocks.push({ kind: 'paragraph', text: value });
  };

  const parser = new Parser(
    {
      onopentag(name) {
        if (name === 'title') inTitle = true;
        if (SKIPPED.has(name)) {
          skipDepth++;
          return;
        }
        if (skipDepth > 0) return;
        const heading = /^h([1-6])$/.exec(name);
        if (heading) {
          flush();
          headingLevel = Number(heading[1]);
        } else if (name === 'tr') {
          flush();
          rowCells = [];
        } else if ((name === 'td' || name === 'th') && rowCells) {
          text = '';
        } else if (BLOCK_ELEMENTS.has(name)) {
          flush();
          if (name === 'pre') preDepth++;
          if (name === 'li') text = '- ';
        } else if (name === 'br') {
          text += '\n';
        }
      },
      ontext(data) {
        if (inTitle) title = tidy(`${title ?? ''} ${data}`) || null;
        if (skipDepth > 0) return;
        text += preDepth > 0 ? data : data.replace(/\s+/g, ' ');
      },
      onclosetag(name) {
        if (name === 'title') inTitle = false;
        if (SKIPPED.has(name)) {
          skipDepth = Math.max(0, skipDepth - 1);
          return;
        }
        if (skipDepth > 0) return;
        if (/^h[1-6]$/.test(name)) {
          flush();
          headingLevel = null;
        } else if ((name === 'td' || name === 'th') && rowCells) {
          rowCells.push(tidy(text));
          text = '';
        } else if (name === 'tr' && rowCells) {
          const line = rowCells.filter(Boolean).join(' | ');
          rowCells = null;
          if (line) blocks.push({ kind: 'paragraph', text: line });
        } else if (BLOCK_ELEMENTS.has(name)) {
          flush();
          if (name === 'pre') preDepth = Math.max(0, preDepth - 1);
        }
      },
    },
    { decodeEntities: true, lowerCaseTags: true },
  );
  parser.write(html);
  parser.end();
  flush();
  const firstH1 = blocks.find((block) => block.kind === 'heading' && block.level === 1);
  return { title: title ?? firstH1?.text ?? null, blocks: mergeListItems(blocks) };
}

/** Consecutive list items read better (and embed better) as one paragraph. */
function mergeListItems(blocks: Block[]): Block[] {
  const merged: Block[] = [];
  for (const block of blocks) {
    const last = merged[merged.length - 1];
    if (block.kind === 'paragraph' && block.text.startsWith('- ') && last?.kind === 'paragraph' && last.text.startsWith('- ')) {
      merged[merged.length - 1] = { ...last, text: `${last.text}\n${block.text}` };
    } else merged.push(block);
  }
  return merged;
}
