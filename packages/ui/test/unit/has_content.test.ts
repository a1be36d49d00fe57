import { describe, expect, it } from 'vitest';
import { hasContent } from '../../src/has_content';

describe('hasContent: an optional line of a cell', () => {
  it('is left out when missing, a false condition or empty text', () => {
    for (const empty of [undefined, null, false, '']) expect(hasContent(empty)).toBe(false);
  });
  it('is shown for text, numbers (0 too) and elements', () => {
    for (const shown of ['x', ' ', 0, 12, ['a']]) expect(hasContent(shown)).toBe(true);
  });
});
