// Moves every campaign progress card of the page as PostgreSQL reports progress (channel
// campaign_progress, relayed by live.js). The page itself was rendered from the database, so a
// reload shows the same state; this only keeps it current without one.
(() => {
  const cards = () => document.querySelectorAll("[data-campaign-id]");
  if (cards().length === 0) return;
  const labels = JSON.parse(document.getElementById("campaign-status-labels")?.textContent || "{}");
  const number = (n) => (n | 0).toLocaleString("fr-FR");
  const remaining = (minutes) => {
    if (!isFinite(minutes)) return "—";
    if (minutes < 1) return "moins d'une minute";
    if (minutes < 60) return `environ ${Math.ceil(minutes)} min`;
    return `environ ${Math.floor(minutes / 60)} h ${String(Math.floor(minutes % 60)).padStart(2, "0")}`;
  };

  document.addEventListener("presenca:campaign_progress", (event) => {
    const d = event.detail || {};
    for (const card of cards()) {
      if (card.dataset.campaignId !== d.campaign_id) continue;
      const set = (field, text) => { const el = card.querySelector(`[data-field="${field}"]`); if (el) el.textContent = text; };
      const total = d.total | 0;
      const done = total - (d.pending | 0) - (d.sending | 0);
      const percent = total === 0 ? 100 : Math.floor((100 * done) / total);
      const bar = card.querySelector('[data-field="bar"]');
      if (bar) {
        bar.style.width = `${percent}%`;
        bar.textContent = `${percent}\u00a0%`;
        bar.parentElement.setAttribute("aria-valuenow", String(percent));
      }
      for (const field of ["pending", "sending", "sent", "delivered", "bounced", "failed", "opened", "clicked"]) set(field, number(d[field]));
      set("total", number(total));
      set("done", number(done));
      const started = Number(card.dataset.startedAt);
      if (started && done > 0) {
        const minutes = Math.max((Date.now() - started) / 60000, 1 / 60);
        const rate = done / minutes;
        set("rate", number(Math.round(rate)));
        set("eta", remaining((total - done) / rate));
      }
      if (d.status && labels[d.status]) {
        card.dataset.campaignStatus = d.status;
        const badge = card.querySelector('[data-field="status"]');
        if (badge) {
          badge.textContent = labels[d.status].label;
          badge.className = `badge ${labels[d.status].badge}`;
        }
      }
    }
  });
})();
