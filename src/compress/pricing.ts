/**
 * What a compression request costs, for `stats` and the daily cost ceiling. The `claude` route reports its own cost
 * (`total_cost_usd`); for the SDK route it is estimated here from the token counts and list prices per million
 * tokens. An unknown model has no estimate rather than a wrong one.
 */
import type { ApiUsage } from './usage.js';

interface Price {
  input: number;
  output: number;
}

/** US dollars per million tokens; cache reads cost a tenth of input, cache writes a quarter more. */
const PRICES: Array<[RegExp, Price]> = [
  [/haiku-4|haiku$/, { input: 1, output: 5 }],
  [/3-5-haiku|haiku-3-5/, { input: 0.8, output: 4 }],
  [/3-haiku/, { input: 0.25, output: 1.25 }],
  [/sonnet/, { input: 3, output: 15 }],
  [/opus-4-[5-9]|opus$/, { input: 5, output: 25 }],
  [/opus/, { input: 15, output: 75 }],
];

/** Pure: the estimated cost of one request, or undefined for a model not in the table. */
export function estimateCostUsd(model: string, usage: ApiUsage): number | undefined {
  const price = PRICES.find(([pattern]) => pattern.test(model.toLowerCase()))?.[1];
  if (!price) return undefined;
  const input = (usage.input_tokens ?? 0) + (usage.cache_read_input_tokens ?? 0) * 0.1 + (usage.cache_creation_input_tokens ?? 0) * 1.25;
  return (input * price.input + (usage.output_tokens ?? 0) * price.output) / 1_000_000;
}
