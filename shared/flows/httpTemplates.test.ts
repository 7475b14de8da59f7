// Per-context encoding of flow variables in HTTP blocks (pure functions; the attack itself is
// tested through signed webhooks in server/features/flows/httpBlockEncoding.test.ts).
import { describe, expect, it } from 'vitest';
import { renderHeaderTemplate, renderJsonTemplate, renderUrlTemplate, UnsafeValueError } from './httpTemplates.js';

const variables = { evil: '", "admin": true, "x": "', n: 3, ok: true, text: 'abc', nested: { a: [1] }, dots: '..', slash: 'a/b', line: 'x\r\nSet-Cookie: y' };

describe('HTTP block templates', () => {
  it.each([
    ['{"name":"{{evil}}"}', { name: variables.evil }],
    ['{"n":{{n}},"ok":{{ok}},"t":{{text}},"m":{{missing}},"o":{{nested}}}', { n: 3, ok: true, t: 'abc', m: null, o: { a: [1] } }],
    ['{"q":"a \\"{{evil}}\\" b","after":{{n}}}', { q: `a "${variables.evil}" b`, after: 3 }],
    ['[{{evil}}, "{{n}}"]', [variables.evil, '3']],
  ])('JSON body %s stays the document its author wrote', (template, expected) => {
    expect(JSON.parse(renderJsonTemplate(template, variables))).toEqual(expected);
  });

  it('encodes URL variables as one component and refuses dot segments', () => {
    expect(renderUrlTemplate('https://api.test/o/{{slash}}?q={{evil}}', variables)).toBe(`https://api.test/o/a%2Fb?q=${encodeURIComponent(variables.evil)}`);
    expect(() => renderUrlTemplate('https://api.test/o/{{dots}}/x', variables)).toThrow(UnsafeValueError);
    expect(renderUrlTemplate('https://api.test/o/{{dots}}x', variables)).toBe('https://api.test/o/..x');
  });

  it('refuses a header value with a line break', () => {
    expect(() => renderHeaderTemplate('x-name', '{{line}}', variables)).toThrow(/line break/);
    expect(renderHeaderTemplate('x-name', 'Bearer {{text}}', variables)).toBe('Bearer abc');
  });
});
