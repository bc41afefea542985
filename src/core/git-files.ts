import fs from 'node:fs';
import path from 'node:path';

/*
 * git's own files, read without a git process (one costs milliseconds on the hot path): where they are, and a
 * fingerprint of the state they record. Under core/ because the index's freshness check needs the fingerprint too.
 */

/**
 * A work tree's git folders, read from the files (no git process): `gitDir` holds HEAD and the index (`.git`, or for
 * a linked worktree the folder its `.git` file names), `common` the refs and objects (the same, or the folder
 * `commondir` names). Undefined without a `.git`.
 */
export function gitFolders(root: string): { gitDir: string; common: string } | undefined {
  try {
    const dotGit = path.join(root, '.git');
    let gitDir = dotGit;
    if (!fs.statSync(dotGit).isDirectory()) {
      const pointer = /^gitdir: (.+)$/m.exec(fs.readFileSync(dotGit, 'utf8'))?.[1]?.trim();
      if (!pointer) return undefined;
      gitDir = path.resolve(root, pointer);
    }
    try {
      return { gitDir, common: path.resolve(gitDir, fs.readFileSync(path.join(gitDir, 'commondir'), 'utf8').trim()) };
    } catch {
      return { gitDir, common: gitDir };
    }
  } catch {
    return undefined;
  }
}

/**
 * A fingerprint of what `git diff --merge-base <base>` answers from, read from git's own files without running git:
 * HEAD (its content), the index, packed refs and the loose refs of HEAD's branch and of the base (their time and
 * size). A commit, checkout, merge, `git add` or fetch changes it; an edit not yet staged does not (only stating
 * every tracked file would tell). Undefined when the files do not say (no `.git`, another ref store).
 */
export function gitStateKey(root: string, base: string | undefined): string | undefined {
  try {
    const folders = gitFolders(root);
    if (!folders) return undefined;
    const { gitDir, common } = folders;
    const head = fs.readFileSync(path.join(gitDir, 'HEAD'), 'utf8').trim();
    const branch = /^ref: (refs\/\S+)$/.exec(head)?.[1];
    const files = [path.join(gitDir, 'index'), path.join(common, 'packed-refs')];
    if (branch) files.push(path.join(common, branch));
    if (base) files.push(path.join(common, 'refs', 'remotes', base), path.join(common, 'refs', 'heads', base));
    const stamps = files.map((file) => {
      const stat = fs.statSync(file, { throwIfNoEntry: false });
      return stat ? `${stat.mtimeMs}:${stat.size}` : '-';
    });
    return [head, base ?? '', ...stamps].join('|');
  } catch {
    return undefined;
  }
}
