// Installed in each watching page before the page's own scripts (Playwright init script): stamps
// every change a person would see of the campaigns on "Campagnes" — the progress cards of
// "Envoi en progression" (bar, counts, status; not the rate and ETA, which move with the clock)
// and the status badge of each campaign's row in the table. The page is prerendered, then its
// circuit re-renders it in place, so the whole document is observed. performance.timeOrigin +
// performance.now() is epoch milliseconds, comparable with the benchmark's clock on this machine.
(() => {
  if (location.pathname !== "/campagnes") return;
  // sessionStorage survives a reload of the tab, so a reload would show as a second load.
  const loads = Number(sessionStorage.getItem("presencaBenchLoads") || 0) + 1;
  sessionStorage.setItem("presencaBenchLoads", String(loads));
  const now = () => performance.timeOrigin + performance.now();
  const record = (window.presencaBench = { loads, rendered: null, changes: [] });
  const fields = ["bar", "done", "pending", "sending", "sent", "failed", "status"];
  const figures = () => {
    const cards = [...document.querySelectorAll("[data-testid=campaign-progress][data-campaign-id]")]
      .map((card) => fields.map((f) => card.querySelector(`[data-field="${f}"]`)?.textContent.trim() ?? "").join("|"));
    // id=status: the demo's own campaigns are in the table too, some of them long sent.
    const rows = [...document.querySelectorAll("[data-campaign-row]")]
      .map((cell) => cell.getAttribute("data-campaign-row") + "=" + (cell.closest("tr")?.querySelector("[data-field=status]")?.textContent.trim() ?? ""));
    return cards.join(";") + "#" + rows.join(";");
  };

  document.addEventListener("DOMContentLoaded", () => {
    let last = figures();
    record.rendered = { at: now(), figures: last };
    // Called once per batch of DOM writes (one render batch of the circuit).
    new MutationObserver(() => {
      const seen = figures();
      if (seen === last) return;
      last = seen;
      record.changes.push({ at: now(), figures: seen });
    }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  });
})();
