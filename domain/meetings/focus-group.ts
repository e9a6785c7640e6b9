/** A focus group. Groups are data: a principal may add, rename or retire them. */
export interface FocusGroup {
  /** Stable kebab-case id, e.g. `environmental-strategy`. */
  readonly id: string;
  readonly name: { readonly sv: string; readonly en: string };
  readonly retired?: boolean;
}
