import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { EffectDeps } from '../../src/effects/deps.ts';
import { shopKinds } from '../../src/effects/kinds.ts';
import { loadConfig } from '../../src/infra/config.ts';
import { activeStateIds, extractGraph, type MachineGraph } from '../../src/inspector/graph.ts';
import { machineDocs } from '../../src/inspector/kinds-docs.ts';
import { layoutGraph } from '../../src/inspector/layout.ts';
import { mask } from '../../src/inspector/mask.ts';
import { renderSvg } from '../../src/inspector/svg.ts';
import { vaultKind } from './machines.ts';

const kinds = shopKinds({ config: loadConfig({}) } as unknown as EffectDeps);
const graphOf = (kind: string): MachineGraph => {
  const k = kinds.find((x) => x.kind === kind);
  if (!k) throw new Error(kind);
  return extractGraph(k.kind, k.machine, Object.keys(k.effects ?? {}));
};
const transition = (g: MachineGraph, source: string, event: string) =>
  g.transitions.filter((t) => t.source === `${g.root}.${source}` && t.event === event);

describe('graph extraction', () => {
  it.each(kinds.map((k) => k.kind))(
    '%s: every state, every event the machine handles, targets that exist',
    (name) => {
      const kind = kinds.find((k) => k.kind === name)!;
      const graph = graphOf(name);
      const ids = new Set(graph.states.map((s) => s.id));
      expect(graph.states.length).toBeGreaterThan(1);
      for (const t of graph.transitions) for (const target of t.targets) expect(ids).toContain(target);
      const handled = new Set(graph.transitions.filter((t) => t.trigger === 'event').map((t) => t.event));
      const declared = kind.machine.events.filter((e: string) => !e.startsWith('xstate.'));
      expect([...handled].sort()).toEqual([...new Set(declared)].sort());
      // Every effect an entry runs has a durable handler.
      for (const state of graph.states)
        for (const e of state.effects) expect(Object.keys(kind.effects ?? {})).toContain(e);
    },
  );

  it('order: guards, the invoice expiry timer, the eventless step and final states', () => {
    const g = graphOf('order');
    expect(transition(g, 'awaitingPayment', 'PAYMENT_VERIFIED')).toMatchObject([
      { guard: 'isTheInvoicedPayment', targets: ['order.paid'] },
    ]);
    expect(transition(g, 'awaitingPayment', 'after invoiceExpiry')).toMatchObject([
      { trigger: 'after', delay: 'invoiceExpiry', targets: ['order.expired'] },
    ]);
    expect(transition(g, 'awaitingPayment', 'EFFECT_FAILED')[0]?.guard).toBe('effectFailed(sendInvoice)');
    expect(transition(g, 'paid', 'always')).toMatchObject([
      { trigger: 'always', targets: ['order.delivering'] },
    ]);
    expect(transition(g, 'completed', 'RESEND')).toMatchObject([{ targets: [], effects: ['resend'] }]);
    const finals = g.states.filter((s) => s.type === 'final').map((s) => s.path);
    expect(finals.sort()).toEqual(['lateCredited', 'refused']);
    const awaiting = g.states.find((s) => s.path === 'awaitingPayment');
    expect(awaiting).toMatchObject({ effects: ['sendInvoice'], timers: ['invoiceExpiry'] });
    expect(g.states.find((s) => s.path === '')?.initial).toBe('order.reserving');
  });

  it('nested states: paths as actors.state stores them, initial children, delayed jumps by id', () => {
    const kind = vaultKind();
    const g = extractGraph(kind.kind, kind.machine, ['announce']);
    expect(g.states.map((s) => s.path)).toEqual([
      '',
      'closed',
      'open',
      'open.reading',
      'open.locking',
      'locked',
    ]);
    expect(g.states.find((s) => s.path === 'open')).toMatchObject({
      type: 'compound',
      initial: 'vault.open.reading',
      effects: ['announce'],
    });
    expect(g.transitions.find((t) => t.source === 'vault.open.locking')).toMatchObject({
      event: 'after autoLock',
      targets: ['vault.locked'],
    });
    expect(g.transitions.find((t) => t.event === 'OPEN')?.guard).toBe('hasItems');
    expect([...activeStateIds(g, 'open.locking')].sort()).toEqual(['vault.open', 'vault.open.locking']);
  });

  it('lays every state out inside its parent and highlights the current leaf', async () => {
    const kind = vaultKind();
    const g = extractGraph(kind.kind, kind.machine, ['announce']);
    const layout = await layoutGraph(g);
    const box = (path: string) => layout.states.find((s) => s.state.path === path)!;
    for (const s of layout.states) {
      expect(s.width).toBeGreaterThan(0);
      const parent = layout.states.find((p) => p.state.id === s.state.parent);
      if (!parent) continue;
      expect(s.x).toBeGreaterThanOrEqual(parent.x);
      expect(s.y + s.height).toBeLessThanOrEqual(parent.y + parent.height + 0.5);
    }
    expect(box('open.reading').x).toBeGreaterThanOrEqual(box('open').x);
    const svg = renderSvg(layout, activeStateIds(g, 'open.reading'));
    expect(svg.match(/data-testid="current-state"/g)).toHaveLength(1);
    expect(svg).toContain('data-state="open.reading" data-testid="current-state"');
    expect(svg).toContain('after autoLock');
  });
});

describe('masking', () => {
  it('hides deny-listed names at any depth and the paths a kind marks', () => {
    const masked = mask(
      {
        items: [{ code: 'A', content: 'x' }],
        apiKey: 'k',
        key: 'k',
        password: 'p',
        proof: 'y',
        total: 5,
        extra: { botToken: 't' },
        note: { a: 1 },
      },
      ['note'],
    );
    expect(masked).toEqual({
      items: [{ code: 'A', content: '[hidden]' }],
      apiKey: '[hidden]',
      key: '[hidden]',
      password: '[hidden]',
      proof: '[hidden]',
      total: 5,
      extra: { botToken: '[hidden]' },
      note: '[hidden]',
    });
  });
});

describe('generated machine docs', () => {
  it('docs/machines matches the definitions (run `npm run machines:docs` after changing a machine)', () => {
    for (const [kind, markdown] of machineDocs()) {
      expect(
        readFileSync(`docs/machines/${kind}.md`, 'utf8'),
        `docs/machines/${kind}.md is out of date`,
      ).toBe(markdown);
      expect(markdown).toContain('stateDiagram-v2');
    }
  });
});
