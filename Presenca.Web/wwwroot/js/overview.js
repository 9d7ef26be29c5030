// Aperçu: a campaign's progress (campaign_progress, relayed by live.js) moves its bar at once,
// and asks htmx to reload the figures (throttled on the element to one request a second).
(() => {
  document.addEventListener("presenca:campaign_progress", (event) => {
    const p = event.detail || {};
    const item = document.querySelector(`[data-campaign-id="${p.campaign_id}"]`);
    if (item && p.total > 0) {
      const done = p.total - (p.pending || 0) - (p.sending || 0);
      const percent = Math.floor((100 * done) / p.total);
      const bar = item.querySelector(".progress-bar");
      if (bar) bar.style.width = `${percent}%`;
      item.querySelector(".progress")?.setAttribute("aria-valuenow", String(percent));
      const text = item.querySelector("[data-testid=envoi-progression]");
      const n = new Intl.NumberFormat("fr-FR");
      if (text) text.textContent = `${n.format(done)} / ${n.format(p.total)} e-mails traités (${percent} %)`;
    }
    document.dispatchEvent(new CustomEvent("apercu-actualiser"));
  });
})();
