/**
 * Secret redaction for everything that leaves the session: text sent to the
 * Anthropic API, notes written to disk, log records and queue entries.
 *
 * Design choices (the reasons matter more than the mechanics):
 *
 * - Fail closed. When two detectors disagree about where a secret ends, the
 *   union of their spans is redacted; an unclosed `<private>` removes the rest
 *   of the text; a private key without its END line is redacted through the
 *   end of its base64 body. Over-redaction costs a little note quality,
 *   under-redaction leaks a credential into git history forever.
 * - Linear time. Transcripts can be megabytes and the input is attacker
 *   controllable (tool output, fetched web pages), so every pattern is written
 *   so that a failed match attempt can only rescan a bounded neighbourhood:
 *   each pattern starts with a literal prefix or a look-behind that pins the
 *   start to the beginning of a run, and no quantified group can match the
 *   same text two ways. Nothing is truncated: the whole input is scanned.
 * - Idempotent. Placeholders look like `[REDACTED:kind]`; any candidate that
 *   consists only of placeholders (plus punctuation/whitespace) is discarded,
 *   and redact() rescans its own output until nothing new turns up, so
 *   re-redacting already-redacted text is a no-op.
 * - Pure. No I/O and no mutable module state (the sticky regexes used inside
 *   a call are reset before each use), so it is safe anywhere.
 * - Data-driven. Vendor formats are tables (vendors/*.ts) read by one engine;
 *   the heuristics for shapes without a vendor prefix live in their own files.
 *
 * This file is the public entry: import redaction from here only.
 */
export { SECRET_RULES } from './catalogue.js';
export { findSecrets, redact } from './engine.js';
export { redactText, redactValue } from './deep.js';
export { placeholderFor } from './placeholders.js';
export { stripPrivate } from './private-spans.js';
export { MIN_SCRUB_LENGTH, redactWithValues, scrubValues, type RedactedValue } from './scrub.js';
export { findSecretsChunked, reportSecrets, secretReason } from './report.js';
