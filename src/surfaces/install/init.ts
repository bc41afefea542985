import { initMemoryDir } from '../../store/init.js';

export interface InitOptions {
  /** Register the Claude Code hooks in .claude/settings.json. */
  hooks?: boolean;
}

export interface InitResult {
  created: string[];
  messages: string[];
}

/** Everything `claude-memory init` sets up; each step is idempotent. */
export async function runInit(root: string, _options: InitOptions = {}): Promise<InitResult> {
  const { created } = initMemoryDir(root);
  return { created, messages: [] };
}
