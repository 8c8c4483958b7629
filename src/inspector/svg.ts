import { esc } from './html.ts';
import type { Layout, PlacedState } from './layout.ts';

/**
 * The statechart as an SVG string. Active states carry class "active"; the active leaf
 * states also `data-testid="current-state"`.
 */
export function renderSvg(layout: Layout, active: ReadonlySet<string> = new Set()): string {
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 ${Math.ceil(layout.width)} ${Math.ceil(layout.height)}" width="${Math.ceil(layout.width)}" height="${Math.ceil(layout.height)}" role="img">`,
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" class="arrowhead"/></marker></defs>',
  ];
  const leaves = new Set(
    layout.states
      .filter((s) => active.has(s.state.id) && !hasActiveChild(layout, s, active))
      .map((s) => s.state.id),
  );
  for (const s of [...layout.states].sort((a, b) => a.depth - b.depth))
    parts.push(stateSvg(s, active, leaves));
  for (const dot of layout.dots)
    parts.push(
      `<circle class="initial" cx="${dot.x + dot.width / 2}" cy="${dot.y + dot.height / 2}" r="${dot.width / 2}"/>`,
    );
  for (const edge of layout.edges) {
    if (edge.points.length < 2) continue;
    const d = edge.points.map((p, i) => `${i ? 'L' : 'M'}${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(' ');
    const trigger = edge.transition?.trigger ?? 'initial';
    parts.push(`<path class="edge ${trigger}" d="${d}" marker-end="url(#arrow)"/>`);
    if (edge.labelBox)
      parts.push(
        `<text class="edge-label ${trigger}" x="${edge.labelBox.x.toFixed(1)}" y="${(edge.labelBox.y + 11).toFixed(1)}">${esc(edge.label)}</text>`,
      );
  }
  parts.push('</svg>');
  return parts.join('');
}

function hasActiveChild(layout: Layout, s: PlacedState, active: ReadonlySet<string>): boolean {
  return layout.states.some((c) => c.state.parent === s.state.id && active.has(c.state.id));
}

function stateSvg(s: PlacedState, active: ReadonlySet<string>, leaves: ReadonlySet<string>): string {
  const classes = ['state', s.state.type, active.has(s.state.id) ? 'active' : ''].join(' ').trim();
  const testid = leaves.has(s.state.id) ? ' data-testid="current-state"' : '';
  const lines = s.notes.map(
    (note, i) => `<text class="note" x="${s.x + 8}" y="${s.y + 36 + i * 15}">${esc(note)}</text>`,
  );
  const inner =
    s.state.type === 'final'
      ? `<rect class="final-ring" x="${s.x + 3}" y="${s.y + 3}" width="${s.width - 6}" height="${s.height - 6}" rx="6"/>`
      : '';
  return `<g class="${classes}" data-state="${esc(s.state.path)}"${testid}><rect x="${s.x}" y="${s.y}" width="${s.width}" height="${s.height}" rx="8"/>${inner}<text class="name" x="${s.x + 8}" y="${s.y + 17}">${esc(s.state.key)}</text>${lines.join('')}</g>`;
}
