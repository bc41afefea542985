import fs from 'node:fs';
import wabtInit from 'wabt';

/** score-kernel.generated.ts as score-kernel.wat assembles to (wabt, the WebAssembly project's own assembler). */
export async function renderScoreKernel(): Promise<string> {
  const source = new URL('../../src/index/score-kernel.wat', import.meta.url);
  const wabt = await wabtInit();
  const module = wabt.parseWat('score-kernel.wat', fs.readFileSync(source, 'utf8'));
  try {
    module.validate();
    const { buffer } = module.toBinary({});
    const base64 = Buffer.from(buffer).toString('base64');
    return [
      '// Generated from score-kernel.wat by test/index/score-kernel.test.ts; after changing the kernel run `npm run gen:score-kernel`.',
      `export const SCORE_KERNEL_WASM = '${base64}';`,
      '',
    ].join('\n');
  } finally {
    module.destroy();
  }
}
