/**
 * The choices of a select: `{ value, label }` in order (Options in Select.tsx renders
 * them). A plain module beside the components, as columns.ts is. Labels are text: an
 * <option> holds nothing else.
 */
export interface Choice {
  value: string;
  label: string;
}

/** The choices of a fixed list (an enum of the contracts), each labelled: `choices(ISOLIR_MODES, (m) => t(`isolir_mode.${m}`))`. */
export function choices<T extends string>(values: readonly T[], label: (value: T) => string): Choice[] {
  return values.map((value) => ({ value, label: label(value) }));
}
