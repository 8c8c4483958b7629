// Live updates over server-sent events, and time travel without a full reload.
(() => {
  const body = document.body;
  const status = document.querySelector('[data-testid="live-status"]');
  const main = document.getElementById('main');

  // Scrolls the diagram (not the page) so the current state is in view.
  function centre() {
    const box = document.querySelector('.diagram');
    const node = box?.querySelector('[data-testid="current-state"] rect');
    if (!node) return;
    const r = node.getBoundingClientRect();
    const b = box.getBoundingClientRect();
    box.scrollLeft += r.left - b.left - b.width / 2 + r.width / 2;
    box.scrollTop += r.top - b.top - b.height / 2 + r.height / 2;
  }
  centre();

  async function swap(url, push) {
    const response = await fetch(url, { headers: { accept: 'text/html' }, credentials: 'same-origin' });
    if (!response.ok) return;
    const doc = new DOMParser().parseFromString(await response.text(), 'text/html');
    const next = doc.getElementById('main');
    if (!next) return;
    main.replaceChildren(...next.childNodes);
    centre();
    if (push) history.pushState({}, '', url);
  }

  document.addEventListener('click', (event) => {
    const a = event.target.closest('a[data-travel]');
    if (!a || event.metaKey || event.ctrlKey) return;
    event.preventDefault();
    swap(a.href, true);
  });
  window.addEventListener('popstate', () => swap(location.href, false));

  document.addEventListener('submit', async (event) => {
    const form = event.target;
    if (!form.hasAttribute('data-retry')) return;
    event.preventDefault();
    const response = await fetch(form.action, { method: 'POST', credentials: 'same-origin' });
    form.replaceChildren(response.ok ? 'queued again' : `failed (${response.status})`);
  });

  const mode = body.dataset.live;
  if (!mode || !window.EventSource) return;
  const params = new URLSearchParams();
  if (mode === 'actor') {
    params.set('kind', body.dataset.kind);
    params.set('id', body.dataset.id);
  }
  let pending = null;
  const source = new EventSource(`/inspect/api/live?${params}`);
  source.onopen = () => {
    status.textContent = '● live';
    status.className = 'live on';
  };
  source.onerror = () => {
    status.textContent = '○ reconnecting';
    status.className = 'live off';
  };
  source.addEventListener('change', () => {
    // Looking at the past stays put; the present is refreshed, at most once a second.
    if (new URL(location.href).searchParams.has('at') || pending) return;
    pending = setTimeout(
      () => {
        pending = null;
        swap(location.href, false);
      },
      mode === 'actor' ? 100 : 1000,
    );
  });
})();
