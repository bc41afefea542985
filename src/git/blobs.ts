import { gitAt } from './exec.js';
import { parseCatFileBatch } from './parse.js';

/**
 * Contents of many objects from one git process: `specs` are `<rev>:<path>`, or `:<path>` for the index. A spec
 * git cannot resolve, or that is not a file, maps to undefined. Specs are fed on stdin one a line, so one holding a
 * line break cannot be asked and maps to undefined too.
 */
export async function readBlobs(root: string, specs: string[]): Promise<Map<string, Buffer | undefined>> {
  const out = new Map<string, Buffer | undefined>();
  const usable = [...new Set(specs)].filter((spec) => !/[\r\n]/.test(spec));
  for (const spec of specs) out.set(spec, undefined);
  if (!usable.length) return out;
  const bytes = (await gitAt(root, { input: `${usable.join('\n')}\n` }).binaryCatFile(['--batch'])) as Buffer;
  for (const [spec, content] of parseCatFileBatch(bytes, usable)) out.set(spec, content);
  return out;
}
