/** FNV-1a over a string's UTF-16 code units: a stable, fast spread of names (shards, answer files), not a checksum. */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}
