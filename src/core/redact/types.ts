/** A secret located in a scanned string. */
export interface SecretFinding {
  kind: string;
  /** Offset of the first redacted character in the scanned string. */
  start: number;
  /** Offset one past the last redacted character. */
  end: number;
}

/** One entry of the detector catalogue; `patterns` are exposed so they can be audited and tested. */
export interface SecretRule {
  readonly kind: string;
  readonly description: string;
  readonly patterns: readonly RegExp[];
}

export interface Span {
  start: number;
  end: number;
}

/** What a key name alone says about its value. */
export type KeyClass = 'password-assignment' | 'secret-assignment';

/** Per-call scratch space, so rules that share a scan run it once per call. */
export interface ScanContext {
  assignments?: Array<Span & { cls: KeyClass }>;
  /** Hits of the shared vendor-prefix and vendor-keyword triggers, by rule kind. */
  triggered?: Map<string, Span[]>;
}

/** A rule as the engine runs it. */
export interface RuleImpl extends SecretRule {
  find(text: string, ctx: ScanContext): Iterable<Span>;
}
