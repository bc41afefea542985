/**
 * Token estimate used for every budget. Claude's tokenizer averages close to four characters per token on
 * English prose and code; budgets only need to be conservative, not exact, and a real tokenizer would cost
 * start-up time on the hook path.
 */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}
