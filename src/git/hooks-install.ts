/** Placeholder: the post-merge/post-checkout/post-rewrite git hooks land with the git workflows issue. */
export async function installGitHooks(_root: string): Promise<{ messages: string[] }> {
  return { messages: [] };
}
