// The groups the flag table's rows fall into: their order and titles, written once here, for
// --help, the man page and the completions alike. A row names its group by key, so a row without
// one, or with a group not listed here, does not compile.

export const FLAG_GROUP_TITLES = {
  input: 'Input',
  'units-and-key': 'Units and key',
  output: 'Output',
  reports: 'Reports',
  policies: 'Policies',
  near: 'Near duplicates',
  index: 'Index',
  'scale-out': 'Scale-out',
} as const;

export type FlagGroup = keyof typeof FLAG_GROUP_TITLES;

/** The groups in the order help and the manual show them. */
export const FLAG_GROUPS = Object.keys(FLAG_GROUP_TITLES) as FlagGroup[];

/** Items sorted into group order (stable within a group); empty groups are left out. */
export function byGroup<T extends { readonly group: FlagGroup }>(items: readonly T[]): [FlagGroup, T[]][] {
  return FLAG_GROUPS.map((group): [FlagGroup, T[]] => [group, items.filter((item) => item.group === group)]).filter(
    ([, members]) => members.length > 0,
  );
}
