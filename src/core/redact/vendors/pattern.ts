/** Shorthands for writing vendor token patterns; see match-rule.ts for how the tables are run. */

/** Start of a token: not preceded by a character a token could continue with. */
export const B = '(?<![A-Za-z0-9_-])';
/** End of a fixed-length token: a longer run is something else. */
export const E = '(?![A-Za-z0-9_-])';

/** A token that starts at its prefix and may run on. */
export const token = (source: string, flags = 'g'): RegExp => new RegExp(B + source, flags);
/** A token of fixed length (or bounded length range) that must end where its body ends. */
export const exact = (source: string, flags = 'g'): RegExp => new RegExp(B + source + E, flags);

/** Value shapes reused by the keyed table. */
export const HEX = (n: number | string): string => `[0-9a-f]{${n}}`;
export const ALNUM = (n: number | string): string => `[a-z0-9]{${n}}`;
export const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
