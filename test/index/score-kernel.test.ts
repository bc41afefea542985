import { describe, expect, it } from 'vitest';
import { renderScoreKernel } from './score-kernel-render.js';

describe('score kernel', () => {
  it('score-kernel.generated.ts is what score-kernel.wat assembles to', async () => {
    await expect(await renderScoreKernel()).toMatchFileSnapshot('../../src/index/score-kernel.generated.ts');
  });
});
