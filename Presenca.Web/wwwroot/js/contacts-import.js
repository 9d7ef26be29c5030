// Moves an import's progress bar as PostgreSQL reports progress (channel contact_import_progress,
// relayed by live.js), and reloads the page when the import ends so the report shows.
(() => {
  const card = document.querySelector("[data-import-id]");
  if (!card) return;
  const id = card.dataset.importId;
  const finished = () => ["terminee", "echouee"].includes(card.dataset.importStatus);
  if (finished()) return;

  document.addEventListener("presenca:contact_import_progress", (event) => {
    const detail = event.detail || {};
    if (detail.import_id !== id) return;
    if (detail.status === "terminee" || detail.status === "echouee") {
      window.location.reload();
      return;
    }
    const bar = card.querySelector("[data-import-bar]");
    if (bar) {
      const percent = Math.max(0, Math.min(100, detail.progress_percent | 0));
      bar.style.width = `${percent}%`;
      bar.textContent = `${percent}\u00a0%`;
      bar.parentElement.setAttribute("aria-valuenow", String(percent));
    }
    const rows = card.querySelector("[data-import-rows]");
    if (rows) rows.textContent = (detail.processed_rows | 0).toLocaleString("fr-FR");
  });

  // A notification sent before the page connected would be missed: check the state once in a while.
  setInterval(async () => {
    try {
      const response = await fetch(window.location.href, { headers: { "Accept": "text/html" } });
      const html = await response.text();
      const status = /data-import-status="([a-z_]+)"/.exec(html)?.[1];
      if (status && status !== card.dataset.importStatus && ["terminee", "echouee"].includes(status)) window.location.reload();
    } catch { /* offline: the live channel or the next tick will tell */ }
  }, 5000);
})();
