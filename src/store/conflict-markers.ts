/**
 * Git's conflict markers left in a note after two people edited it. Such a note holds both sides (or half of one)
 * and reads as nonsense to a model, so it does not parse: it is left out of the index, and so of the session context,
 * prompt recall and the MCP answers, until someone resolves it; `lint` and the pre-commit guard name it. Nothing
 * ever picks a side automatically.
 *
 * A marker is a line that starts with seven `<`, `|` or `>` (followed by a space or nothing) at the first column,
 * the lines git writes around each side. A `=======` line alone is a setext heading underline and proves nothing; it
 * is reported only between an opening marker and a closing one. Lines inside fenced code blocks are skipped, so a
 * note that shows an example of a conflict is not one.
 */

const OPEN = /^<{7}(?: |$)/;
const BASE = /^\|{7}(?: |$)/;
const SEPARATOR = /^={7}\s*$/;
const CLOSE = /^>{7}(?: |$)/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/** Pure: the 1-based line numbers of conflict markers in a note's text, outside fenced code; empty when there are none. */
export function conflictMarkerLines(text: string): number[] {
  const lines = text.split('\n');
  const found: number[] = [];
  let fence: string | undefined;
  let open = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.replace(/\r$/, '');
    const fenceMatch = FENCE.exec(line);
    if (fenceMatch) {
      const marker = fenceMatch[1]!;
      if (!fence) fence = marker;
      else if (marker[0] === fence[0] && marker.length >= fence.length) fence = undefined;
      continue;
    }
    if (fence) continue;
    if (OPEN.test(line)) {
      open = true;
      found.push(i + 1);
    } else if (CLOSE.test(line)) {
      open = false;
      found.push(i + 1);
    } else if (BASE.test(line) || (open && SEPARATOR.test(line))) found.push(i + 1);
  }
  return found;
}

/** Pure: the reason lint and the guard give for a note with conflict markers, or undefined. */
export function conflictMarkerReason(text: string): string | undefined {
  const lines = conflictMarkerLines(text);
  if (!lines.length) return undefined;
  const where = lines.length > 4 ? `${lines.slice(0, 4).join(', ')} …` : lines.join(', ');
  return `git conflict markers on line${lines.length === 1 ? '' : 's'} ${where}: keep the text both sides meant (often both, merged into one), delete the marker lines, then stage the file; the note is left out of the session context and search until then`;
}
