import { writeFile } from '../../helpers/temp-repo.js';

/**
 * A small memory about an auth service: notes that link to each other, share files, supersede an older decision,
 * and one unrelated build convention. Hand-written files, so ids and links are known to the tests.
 */
export const NOTES = {
  jwt: 'jwt-rs256-k3f9',
  rotation: 'key-rotation-a1b2c3',
  gateway: 'gateway-verifies-x9y8z7',
  old: 'jwt-hs256-old-z0z0z0',
  pnpm: 'pnpm-only-q1w2e3',
} as const;

export const JWT_BODY = 'The gateway verifies tokens with the public key only, so the auth service signs with RS256, not HS256.';
export const JWT_LINK_LINE = `Keys are rotated as described in [key rotation](${NOTES.rotation}.md).`;

export function writeLinkedAuthNotes(repo: string): void {
  writeFile(
    repo,
    `.claude-memory/notes/auth/${NOTES.jwt}.md`,
    `---
id: ${NOTES.jwt}
title: Auth service signs JWTs with RS256
type: decision
topic: auth
tags: [auth, jwt]
files: [services/auth/src/jwt.ts]
created: 2026-11-20
updated: 2026-11-23
status: active
supersedes: [${NOTES.old}]
---
${JWT_BODY}
${JWT_LINK_LINE}
`,
  );
  writeFile(
    repo,
    `.claude-memory/notes/auth/${NOTES.rotation}.md`,
    `---
id: ${NOTES.rotation}
title: Rotate the signing keys monthly
type: howto
topic: auth
tags: [auth]
files: [services/auth/src/keys.ts]
created: 2026-11-21
updated: 2026-11-21
status: active
---
Run the rotate-keys job; the gateway picks up the new public key within five minutes.
`,
  );
  writeFile(
    repo,
    `.claude-memory/notes/gateway/${NOTES.gateway}.md`,
    `---
id: ${NOTES.gateway}
title: Gateway caches the public key for five minutes
type: fact
topic: gateway
files: [services/auth/src/jwt.ts, services/gateway/src/verify.ts]
created: 2026-11-22
updated: 2026-11-22
status: active
---
See [how tokens are signed](../auth/${NOTES.jwt}.md).
`,
  );
  writeFile(
    repo,
    `.claude-memory/notes/auth/${NOTES.old}.md`,
    `---
id: ${NOTES.old}
title: Auth service signs JWTs with HS256
type: decision
topic: auth
created: 2026-10-01
updated: 2026-11-20
status: superseded
supersededBy: ${NOTES.jwt}
---
A shared secret signs tokens.
`,
  );
  writeFile(
    repo,
    `.claude-memory/notes/build/${NOTES.pnpm}.md`,
    `---
id: ${NOTES.pnpm}
title: Builds run with pnpm, never npm
type: convention
topic: build
created: 2026-11-02
updated: 2026-11-02
status: active
---
The lockfile is pnpm-lock.yaml; npm would rewrite it.
`,
  );
}
