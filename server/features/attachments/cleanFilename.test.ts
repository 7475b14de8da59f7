import { describe, expect, it } from 'vitest';
import { cleanFilename } from './sendAttachment.js';

describe('cleanFilename', () => {
  it('keeps the last path segment and drops control characters (C0, DEL, C1)', () => {
    expect(cleanFilename('../../etc/rep\u0000ort\u0007\u007f\u0085.pdf', 'application/pdf')).toBe('report.pdf');
    expect(cleanFilename('C:\\Users\\ana\\Orçamento 2026.pdf', 'application/pdf')).toBe('Orçamento 2026.pdf');
  });

  it('names a file that has no usable name after its type, and caps the length', () => {
    expect(cleanFilename('\u0001\u0002', 'application/pdf')).toBe('attachment.pdf');
    expect(cleanFilename(null, 'image/jpeg')).toMatch(/^attachment\./);
    expect([...cleanFilename('x'.repeat(500), 'application/pdf')]).toHaveLength(240);
  });
});
