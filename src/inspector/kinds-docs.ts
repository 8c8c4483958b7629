import type { EffectDeps } from '../effects/deps.ts';
import { shopKinds } from '../effects/kinds.ts';
import { loadConfig } from '../infra/config.ts';
import { machineDoc } from './docs.ts';
import { extractGraph } from './graph.ts';

/**
 * Every shop kind's reference page, keyed by kind. The kinds are built only to read their
 * definitions (machine and effect names): no handler runs, so no dependency is needed
 * besides the default configuration.
 */
export function machineDocs(): Map<string, string> {
  const deps = { config: loadConfig({}) } as unknown as EffectDeps;
  return new Map(
    shopKinds(deps).map((k) => [
      k.kind,
      machineDoc(extractGraph(k.kind, k.machine, Object.keys(k.effects ?? {}))).markdown,
    ]),
  );
}
