// Variables in an HTTP block hold what customers typed, so each is encoded for the place it goes:
// in the URL as one URL component (`../../admin?x=` cannot change the path or the query), in a
// JSON body as JSON (`", "admin": true, "x": "` cannot add a field), and a header whose value
// would contain a line break is refused (no header injection).
import { formatValue, readVariable, renderTemplate, templatePlaceholders, type Variables } from './template.js';

export class UnsafeValueError extends Error {
  override name = 'UnsafeValueError';
}

export function renderUrlTemplate(text: string, variables: Variables): string {
  const url = renderTemplate(text, variables, (value) => encodeURIComponent(formatValue(value)));
  // `.` and `..` survive encodeURIComponent and URLs resolve them (also as %2e): a value that makes
  // a whole path segment of dots would move up the path.
  if (hasDotSegment(url) && !hasDotSegment(renderTemplate(text, {}, () => 'x'))) {
    throw new UnsafeValueError('a variable in the URL would be a "." or ".." path segment');
  }
  return url;
}

function hasDotSegment(url: string): boolean {
  const path = url.split(/[?#]/, 1)[0]!;
  return path.split('/').some((segment) => /^(?:\.|%2e){1,2}$/i.test(segment));
}

export function renderFormTemplate(text: string, variables: Variables): string {
  return renderTemplate(text, variables, (value) => encodeURIComponent(formatValue(value)));
}

/**
 * A JSON body: a placeholder inside a string literal (`"name": "{{name}}"`) gets the value's text
 * escaped for a JSON string; one outside a string (`"qty": {{qty}}`) becomes a JSON value (numbers
 * and booleans as such, text quoted, a missing value `null`).
 */
export function renderJsonTemplate(text: string, variables: Variables): string {
  let out = '';
  let position = 0;
  let inString = false;
  const scan = (until: number) => {
    for (let i = position; i < until; i++) {
      const char = text[i];
      if (inString && char === '\\') i++;
      else if (char === '"') inString = !inString;
    }
    out += text.slice(position, until);
  };
  for (const placeholder of templatePlaceholders(text)) {
    scan(placeholder.index);
    const value = readVariable(variables, placeholder.name);
    out += inString ? JSON.stringify(formatValue(value)).slice(1, -1) : (JSON.stringify(value ?? null) ?? 'null');
    position = placeholder.index + placeholder.length;
  }
  scan(text.length);
  return out;
}

/** A header value; refuses CR, LF and other control characters (they would split the header). */
export function renderHeaderTemplate(name: string, text: string, variables: Variables): string {
  const value = renderTemplate(text, variables);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000a-\u001f\u007f]/.test(value)) throw new UnsafeValueError(`the ${name} header would contain a line break or control character`);
  return value;
}
