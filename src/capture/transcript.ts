/**
 * Incremental reader for Claude Code transcript JSONL files.
 *
 * Transcripts are appended while a session runs and can reach tens of megabytes, so a caller keeps a byte offset
 * and asks only for what was added since. Anything we do not understand is skipped, never thrown: a newer client
 * writing new line types must not break capture.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';

export type TranscriptBlock =
  | { type: 'text'; text: string }
  | { type: 'thinking'; text: string }
  | { type: 'tool_use'; id?: string; name: string; input: unknown }
  | { type: 'tool_result'; toolUseId?: string; content: string; isError: boolean }
  /** `attachmentType` is the client's own kind, e.g. `hook_success`, `hook_additional_context`, `skill_listing`. */
  | { type: 'attachment'; hookEvent?: string; attachmentType?: string; text: string };

export interface TranscriptEntry {
  kind: 'user' | 'assistant' | 'attachment';
  uuid?: string;
  parentUuid?: string;
  timestamp?: string;
  sessionId?: string;
  cwd?: string;
  gitBranch?: string;
  isSidechain?: boolean;
  /** Set on client-generated user lines (command caveats and the like) rather than things the user typed. */
  isMeta?: boolean;
  /**
   * The API message id of an assistant line. The client writes one line per content block, so several lines can
   * share it; group by it to rebuild one model reply.
   */
  messageId?: string;
  blocks: TranscriptBlock[];
}

export interface ReadTranscriptOptions {
  /** Upper bound on bytes consumed in one call (default 64 MiB); the rest is left for the next call. */
  maxBytes?: number;
  /** Lines longer than this are skipped without being held in memory (default 8 MiB). */
  maxLineBytes?: number;
}

export interface ReadTranscriptResult {
  entries: TranscriptEntry[];
  /** Where the next call should start: just after the last complete line consumed. */
  nextOffset: number;
  /** Bytes consumed by this call, i.e. `nextOffset - fromOffset`. */
  bytesRead: number;
  /** Complete lines that produced no entry: unknown types, malformed JSON, oversized lines. */
  skippedLines: number;
  /** The subset of skippedLines that were not valid JSON objects or were too long: a sign of corruption. */
  malformedLines: number;
  /** Size of the file when the read started; smaller than `fromOffset` means it was truncated or replaced. */
  fileSize: number;
}

export const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;
export const DEFAULT_MAX_LINE_BYTES = 8 * 1024 * 1024;

const NEWLINE = 0x0a;

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function flattenResultContent(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  const parts: string[] = [];
  for (const item of content) {
    if (typeof item === 'string') parts.push(item);
    else if (isObject(item) && typeof item.text === 'string') parts.push(item.text);
    else if (isObject(item) && item.type === 'image') parts.push('[image]');
  }
  return parts.join('\n');
}

function toBlock(raw: unknown): TranscriptBlock | undefined {
  if (typeof raw === 'string') return { type: 'text', text: raw };
  if (!isObject(raw)) return undefined;
  switch (raw.type) {
    case 'text':
      return typeof raw.text === 'string' ? { type: 'text', text: raw.text } : undefined;
    case 'thinking':
      return typeof raw.thinking === 'string' ? { type: 'thinking', text: raw.thinking } : undefined;
    case 'tool_use': {
      if (typeof raw.name !== 'string') return undefined;
      const block: TranscriptBlock = { type: 'tool_use', name: raw.name, input: raw.input ?? {} };
      const id = str(raw.id);
      if (id !== undefined) block.id = id;
      return block;
    }
    case 'tool_result': {
      const block: TranscriptBlock = { type: 'tool_result', content: flattenResultContent(raw.content), isError: raw.is_error === true };
      const id = str(raw.tool_use_id);
      if (id !== undefined) block.toolUseId = id;
      return block;
    }
    default:
      // Images, documents, redacted thinking and future block kinds carry nothing we can remember as text.
      return undefined;
  }
}

function attachmentText(att: Json): string {
  const content = att.content;
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content
      .map((c) => (typeof c === 'string' ? c : isObject(c) && typeof c.text === 'string' ? c.text : ''))
      .filter((s) => s.length > 0)
      .join('\n');
  }
  return str(att.stdout) ?? '';
}

/** Turns one parsed line into an entry, or undefined for line types we do not keep. */
/** Line fields copied to an entry when they are strings. */
const STRING_FIELDS = ['uuid', 'parentUuid', 'timestamp', 'sessionId', 'cwd', 'gitBranch'] as const;

export function parseTranscriptLine(obj: unknown): TranscriptEntry | undefined {
  if (!isObject(obj)) return undefined;
  const kind = obj.type;
  let blocks: TranscriptBlock[];
  let messageId: string | undefined;

  if (kind === 'user' || kind === 'assistant') {
    const message = obj.message;
    if (!isObject(message)) return undefined;
    const content = message.content;
    if (typeof content === 'string') blocks = [{ type: 'text', text: content }];
    else if (Array.isArray(content)) blocks = content.map(toBlock).filter((b): b is TranscriptBlock => b !== undefined);
    else blocks = [];
    if (kind === 'assistant') messageId = str(message.id);
  } else if (kind === 'attachment') {
    const att = obj.attachment;
    if (!isObject(att)) return undefined;
    const block: TranscriptBlock = { type: 'attachment', text: attachmentText(att) };
    const hookEvent = str(att.hookEvent);
    if (hookEvent !== undefined) block.hookEvent = hookEvent;
    const attachmentType = str(att.type);
    if (attachmentType !== undefined) block.attachmentType = attachmentType;
    blocks = [block];
  } else {
    return undefined;
  }

  const entry: TranscriptEntry = { kind, blocks };
  for (const key of STRING_FIELDS) {
    const value = str(obj[key]);
    if (value !== undefined) entry[key] = value;
  }
  if (typeof obj.isSidechain === 'boolean') entry.isSidechain = obj.isSidechain;
  if (obj.isMeta === true) entry.isMeta = true;
  if (messageId !== undefined) entry.messageId = messageId;
  return entry;
}

function positiveInt(name: string, v: number): number {
  if (!Number.isSafeInteger(v) || v <= 0) throw new RangeError(`${name} must be a positive integer, got ${v}`);
  return v;
}

/**
 * Reads complete lines from `path` starting at byte `fromOffset`.
 *
 * A last line without its newline is left alone (the client may be mid-write), so `nextOffset` points at its start.
 * The first line of a call is always finished even past `maxBytes`, so a long line cannot stall progress forever.
 */
export async function readTranscript(path: string, fromOffset = 0, opts: ReadTranscriptOptions = {}): Promise<ReadTranscriptResult> {
  if (!Number.isSafeInteger(fromOffset) || fromOffset < 0) {
    throw new RangeError(`fromOffset must be a non-negative integer, got ${fromOffset}`);
  }
  const maxBytes = positiveInt('maxBytes', opts.maxBytes ?? DEFAULT_MAX_BYTES);
  const maxLineBytes = positiveInt('maxLineBytes', opts.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES);

  let fileSize: number;
  try {
    const st = await stat(path);
    if (!st.isFile()) throw new Error('not a regular file');
    fileSize = st.size;
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'file does not exist' : (err as Error).message;
    throw new Error(`cannot read transcript ${path}: ${reason}`, { cause: err });
  }

  const result: ReadTranscriptResult = { entries: [], nextOffset: fromOffset, bytesRead: 0, skippedLines: 0, malformedLines: 0, fileSize };
  if (fromOffset >= fileSize) return result;

  const limit = fromOffset + maxBytes;
  // The current line's bytes, held only while it is within maxLineBytes.
  let parts: Buffer[] = [];
  let lineLen = 0;
  let oversized = false;
  let pos = fromOffset;
  let firstLine = true;

  const finishLine = (lineEnd: number): void => {
    if (oversized) {
      result.skippedLines += 1;
      result.malformedLines += 1;
    } else {
      const buf = parts.length === 1 ? parts[0]! : Buffer.concat(parts, lineLen);
      const text = buf.toString('utf8').trim();
      if (text.length > 0) {
        let parsed: unknown;
        let ok = true;
        try {
          parsed = JSON.parse(text);
        } catch {
          ok = false;
        }
        const entry = ok ? parseTranscriptLine(parsed) : undefined;
        if (entry) result.entries.push(entry);
        else {
          result.skippedLines += 1;
          if (!ok || !isObject(parsed)) result.malformedLines += 1;
        }
      }
    }
    parts = [];
    lineLen = 0;
    oversized = false;
    result.nextOffset = lineEnd;
    firstLine = false;
  };

  const addToLine = (piece: Buffer): void => {
    if (oversized || piece.length === 0) return;
    if (lineLen + piece.length > maxLineBytes) {
      oversized = true;
      parts = [];
      lineLen = 0;
      return;
    }
    parts.push(piece);
    lineLen += piece.length;
  };

  let stream;
  try {
    stream = createReadStream(path, { start: fromOffset, highWaterMark: 256 * 1024 });
    reading: for await (const chunk of stream as AsyncIterable<Buffer>) {
      let i = 0;
      while (i < chunk.length) {
        const nl = chunk.indexOf(NEWLINE, i);
        const end = nl === -1 ? chunk.length : nl + 1;
        const newPos = pos + (end - i);
        // A line that would end past the budget is left for the next call, where it will be the first line.
        if (!firstLine && newPos > limit) break reading;
        addToLine(chunk.subarray(i, nl === -1 ? chunk.length : nl));
        pos = newPos;
        i = end;
        if (nl !== -1) {
          finishLine(pos);
          if (pos >= limit) break reading;
        }
      }
    }
  } catch (err) {
    throw new Error(`cannot read transcript ${path}: ${(err as Error).message}`, { cause: err });
  } finally {
    stream?.destroy();
  }

  result.bytesRead = result.nextOffset - fromOffset;
  return result;
}
