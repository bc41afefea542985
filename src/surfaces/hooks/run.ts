/** Placeholder: the Claude Code hooks land with the integration issue. */
export async function runHookCommand(_argv: string[]): Promise<number> {
  return 0;
}
