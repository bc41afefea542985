/** Path kept for existing importers; redaction lives in ./redact/ (its entry is ./redact/index.ts). */
export * from './redact/index.js';
