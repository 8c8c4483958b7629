import type { ActorView } from './detail.ts';
import { esc } from './html.ts';
import type { ActorRow } from './queries.ts';

/** Server-rendered pages: plain HTML, one stylesheet, one small script. */

export function page(title: string, body: string, data: Record<string, string> = {}): string {
  const attrs = Object.entries(data)
    .map(([k, v]) => ` data-${k}="${esc(v)}"`)
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)} · inspector</title><link rel="stylesheet" href="/inspect/assets/inspector.css"></head>
<body${attrs}><header><a href="/inspect">Inspector</a> <span class="live" data-testid="live-status"></span></header>
<main id="main">${body}</main><script src="/inspect/assets/inspector.js" defer></script></body></html>`;
}

export function loginPage(wrong: boolean): string {
  return page(
    'Sign in',
    `<h1>Sign in</h1>${wrong ? '<p class="error">Wrong token.</p>' : ''}
<form method="post" action="/inspect/login"><label>Inspector token <input type="password" name="token" autocomplete="current-password" required></label> <button>Sign in</button></form>`,
  );
}

const json = (value: unknown) => `<pre class="json">${esc(JSON.stringify(value, null, 2))}</pre>`;
const link = (href: string, text: string) => `<a href="${esc(href)}">${esc(text)}</a>`;
const actorHref = (kind: string, id: string) =>
  `/inspect/actors/${encodeURIComponent(kind)}/${encodeURIComponent(id)}`;

export interface ListPageInput {
  kinds: string[];
  counts: { kind: string; state: string; count: number }[];
  rows: ActorRow[];
  next: string | null;
  query: Record<string, string>;
}

export function listPage(input: ListPageInput): string {
  const { query } = input;
  const byKind = new Map<string, { state: string; count: number }[]>();
  for (const c of input.counts) byKind.set(c.kind, [...(byKind.get(c.kind) ?? []), c]);
  const machines = input.kinds
    .map((kind) => {
      const states = (byKind.get(kind) ?? [])
        .map(
          (c) =>
            `<li data-testid="state-count">${link(`/inspect?kind=${encodeURIComponent(kind)}&state=${encodeURIComponent(c.state)}`, c.state)} <b>${c.count}</b></li>`,
        )
        .join('');
      return `<section class="kind"><h3>${link(`/inspect?kind=${encodeURIComponent(kind)}`, kind)} · ${link(`/inspect/machines/${encodeURIComponent(kind)}`, 'diagram')}</h3><ul class="counts">${states || '<li>none</li>'}</ul></section>`;
    })
    .join('');
  const option = (v: string) =>
    `<option value="${esc(v)}"${query.kind === v ? ' selected' : ''}>${esc(v || 'all kinds')}</option>`;
  const checked = (name: string) => (query[name] ? ' checked' : '');
  const form = `<form class="filters" method="get" action="/inspect">
<select name="kind">${['', ...input.kinds].map(option).join('')}</select>
<input name="state" placeholder="state" value="${esc(query.state ?? '')}">
<input name="q" placeholder="order id / user id" value="${esc(query.q ?? '')}" data-testid="search">
<label>stuck ≥ <input name="stuck" type="number" min="1" size="4" value="${esc(query.stuck ?? '')}"> min</label>
<label><input type="checkbox" name="failed" value="1"${checked('failed')}> failed</label>
<label><input type="checkbox" name="dead" value="1"${checked('dead')}> dead letters</label>
<button>Filter</button></form>`;
  const rows = input.rows
    .map(
      (
        r,
      ) => `<tr data-testid="actor-row" data-kind="${esc(r.kind)}" data-id="${esc(r.id)}" data-state="${esc(r.state)}">
<td>${esc(r.kind)}</td><td>${link(actorHref(r.kind, r.id), r.id)}</td><td>${esc(r.state)}</td><td>${esc(r.status)}</td><td>${r.revision}</td><td>${esc(r.updated_at.toISOString())}</td></tr>`,
    )
    .join('');
  const nextQuery = new URLSearchParams({ ...query, after: input.next ?? '' }).toString();
  const next = input.next ? `<p>${link(`/inspect?${nextQuery}`, 'Next page →')}</p>` : '';
  return page(
    'Actors',
    `<h1>Machines</h1><div class="kinds">${machines}</div><h2>Actors</h2>${form}
<div id="list"><table class="actors"><thead><tr><th>kind</th><th>id</th><th>state</th><th>status</th><th>rev</th><th>updated</th></tr></thead><tbody>${rows || '<tr><td colspan="6">No actors match.</td></tr>'}</tbody></table>${next}</div>`,
    { live: 'all' },
  );
}

export function machinePage(kind: string, svg: string, docs: string): string {
  return page(`${kind} machine`, `<h1>${esc(kind)}</h1><div class="diagram">${svg}</div>${docs}`);
}

function effectsTable(view: ActorView, owner: boolean): string {
  if (view.effects.length === 0) return '<p>No effect jobs kept.</p>';
  const rows = view.effects
    .map((e) => {
      const retry =
        e.status === 'dead-lettered' && owner
          ? `<form method="post" action="${esc(`${actorHref(view.kind, view.id)}/effects/${e.id}/retry`)}" data-retry><button data-testid="retry-effect">Retry</button></form>`
          : '';
      return `<tr data-testid="effect" data-status="${e.status}"><td>${esc(e.type)}</td><td class="s-${e.status}">${e.status}</td><td>${e.attempts}/${e.retryLimit + 1}</td><td>${e.revision ?? ''}</td><td>${esc(e.createdAt)}</td><td>${esc(e.lastError ?? '')}</td><td>${retry}</td></tr>`;
    })
    .join('');
  return `<table><thead><tr><th>effect</th><th>status</th><th>attempts</th><th>rev</th><th>queued</th><th>last error</th><th></th></tr></thead><tbody>${rows}</tbody></table>`;
}

function journalList(view: ActorView): string {
  const selected = view.past?.revision ?? view.revision;
  const items = view.journal
    .map((j) => {
      const caused = [...j.effects.map((e) => `effect ${e}`), ...j.timers.map((t) => `timer ${t}`)];
      return `<li data-testid="journal-entry" data-revision="${j.revision}" data-state-after="${esc(j.stateAfter)}"${j.revision === selected ? ' class="selected"' : ''}>
<a href="${esc(`${actorHref(view.kind, view.id)}?at=${j.revision}`)}" data-travel><span class="rev">#${j.revision}</span> <b>${esc(j.type)}</b> <span class="states">${esc(j.stateBefore ?? '∅')} → ${esc(j.stateAfter)}</span> <time>${esc(j.at)}</time></a>
${caused.length ? `<div class="caused">${esc(caused.join(' · '))}</div>` : ''}<details><summary>event</summary>${json(j.event)}</details></li>`;
    })
    .join('');
  const more = view.journalNext
    ? `<p>${link(`${actorHref(view.kind, view.id)}?journal=${view.journalNext}`, 'Later entries →')}</p>`
    : '';
  return `<ol class="journal">${items}</ol>${more}`;
}

export function actorPage(view: ActorView, svg: string, owner: boolean): string {
  const past = view.past;
  const banner = past
    ? `<p class="travel" data-testid="time-travel">Viewing the actor after entry #${past.revision} (${esc(past.state)}, ${past.source}).${past.diverged ? ` Replay with today's machine reached ${esc(past.replayedState ?? 'another state')}: the context may differ from what it was.` : ''} ${link(actorHref(view.kind, view.id), 'Back to now')}</p>`
    : '';
  const timers = view.timers.length
    ? `<ul>${view.timers.map((t) => `<li data-testid="timer">${esc(t.sendId)} due ${esc(t.dueAt)}</li>`).join('')}</ul>`
    : '<p>None.</p>';
  const body = `<div id="detail" data-revision="${view.revision}"${past ? ` data-at="${past.revision}"` : ''}>
<h1>${esc(view.kind)} <code>${esc(view.id)}</code></h1>
<p class="meta">state <b data-testid="actor-state">${esc(past?.state ?? view.state)}</b> · status ${esc(view.status)} · revision ${view.revision} · v${view.machineVersion} · updated ${esc(view.updatedAt)}</p>
${banner}<div class="diagram">${svg}</div>
<div class="columns"><section><h2>Context${past ? ` after #${past.revision}` : ''}</h2><div data-testid="context">${json(past?.context ?? view.context)}</div>
<h2>Pending timers</h2>${timers}<h2>Effects</h2>${effectsTable(view, owner)}</section>
<section><h2>Journal</h2>${journalList(view)}</section></div></div>`;
  return page(`${view.kind} ${view.id}`, body, { live: 'actor', kind: view.kind, id: view.id });
}

export function notFoundPage(what: string): string {
  return page('Not found', `<h1>Not found</h1><p>${esc(what)}</p><p>${link('/inspect', 'All actors')}</p>`);
}
