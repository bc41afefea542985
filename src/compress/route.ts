/**
 * Which way one compression event goes: the Messages API through the SDK, the user's own `claude` binary run
 * headless, or the offline extractive path. Pure: the runner gathers the facts (environment, binary found, budget)
 * and this decides, so the whole table is tested line by line.
 *
 * Trust: `.claude-memory/config.json` arrives by `git pull`, so it may only order and switch off routes. The binary,
 * the credentials and the host come from the environment of the person running the hooks.
 */

const ROUTES = ['sdk', 'claude', 'extractive'] as const;
export type Route = (typeof ROUTES)[number];
export type ModelRoute = Exclude<Route, 'extractive'>;

/** Also the set of known routes: the default tries each of them. */
export const DEFAULT_ROUTES: readonly Route[] = ROUTES;

/** Pure: the configured order, keeping known names once each; nothing usable falls back to the default order. */
export function normalizeRoutes(value: unknown): Route[] {
  if (!Array.isArray(value)) return [...DEFAULT_ROUTES];
  const out: Route[] = [];
  for (const item of value) {
    const name = typeof item === 'string' ? item.trim().toLowerCase() : '';
    if ((ROUTES as readonly string[]).includes(name) && !out.includes(name as Route)) out.push(name as Route);
  }
  return out.length ? out : [...DEFAULT_ROUTES];
}

export interface RouteFacts {
  /** The configured order (normalised). */
  routes: readonly Route[];
  /** `compression.useLlm`; false means extractive whatever the order says. */
  useLlm: boolean;
  /** ANTHROPIC_API_KEY (or the variable named by apiKeyEnv) or ANTHROPIC_AUTH_TOKEN is set. */
  hasApiCredential: boolean;
  /** The key variable's name, for the reason. */
  apiKeyEnv: string;
  /** A `claude` binary was found (absolute path, outside the repository). */
  claudeBinary: boolean;
  /** This process runs inside a nested compression run: never start another. */
  nested: boolean;
}

export type RouteChoice = { route: ModelRoute; reason?: undefined } | { route: 'extractive'; reason: string };

/** Pure: the first configured route that can run, with the reason when that is the extractive path. */
export function chooseRoute(facts: RouteFacts): RouteChoice {
  if (!facts.useLlm) return { route: 'extractive', reason: 'model disabled in config' };
  const skipped: string[] = [];
  for (const route of facts.routes) {
    if (route === 'extractive') break;
    if (route === 'sdk') {
      if (facts.hasApiCredential) return { route };
      skipped.push(`no API key in ${facts.apiKeyEnv} or ANTHROPIC_AUTH_TOKEN`);
    } else if (route === 'claude') {
      if (facts.nested) skipped.push('already inside a nested compression run');
      else if (facts.claudeBinary) return { route };
      else skipped.push('no claude binary on PATH');
    }
  }
  if (!facts.routes.some((route) => route !== 'extractive')) return { route: 'extractive', reason: 'only the extractive route is configured' };
  return { route: 'extractive', reason: skipped.length ? skipped.join('; ') : 'extractive route comes first in config' };
}
