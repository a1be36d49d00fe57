/**
 * Whether an optional line of a cell has anything to show: not left out (undefined, null),
 * not a false condition (`cond && text`), not an empty text. A 0 is content.
 */
import type { ReactNode } from 'react';

export function hasContent(node: ReactNode): boolean {
  return node !== undefined && node !== null && node !== false && node !== '';
}
