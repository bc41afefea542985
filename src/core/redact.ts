// Placeholder until the redaction catalogue lands here.
export interface SecretFinding { kind: string; start: number; end: number }
export function findSecrets(_text: string): SecretFinding[] {
  return [];
}
export function redactText(text: string): string {
  return text;
}
