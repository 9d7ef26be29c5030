// Installed in the watching browser before the page's own scripts (Playwright init script): stamps
// every change a person would see in the campaign progress cards of "Envoi en progression" (bar,
// counts, status; not the rate and ETA, which move with the clock), and counts the
// presenca:campaign_progress events live.js emits, to tell a slow relay from a page that skips
// updates. performance.timeOrigin + performance.now() is epoch milliseconds, comparable with the
// benchmark's own clock on the same machine.
(() => {
  if (location.pathname !== "/campagnes") return;
  // sessionStorage survives a reload of the tab, so a reload would show as a second load.
  const loads = Number(sessionStorage.getItem("presencaBenchLoads") || 0) + 1;
  sessionStorage.setItem("presencaBenchLoads", String(loads));
  const now = () => performance.timeOrigin + performance.now();
  const record = (window.presencaBench = { loads, events: 0, rendered: null, changes: [] });
  const fields = ["bar", "done", "pending", "sending", "sent", "failed", "status"];
  const figures = () =>
    [...document.querySelectorAll("[data-campaign-id]")]
      .map((card) => fields.map((f) => card.querySelector(`[data-field="${f}"]`)?.textContent ?? "").join("|"))
      .join(";");

  document.addEventListener("presenca:campaign_progress", () => { record.events++; });
  document.addEventListener("DOMContentLoaded", () => {
    let last = figures();
    record.rendered = { at: now(), figures: last };
    // Called once per batch of DOM writes (campaign-progress.js writes a card in one go).
    const observer = new MutationObserver(() => {
      const seen = figures();
      if (seen === last) return;
      last = seen;
      record.changes.push({ at: now(), figures: seen });
    });
    for (const card of document.querySelectorAll("[data-campaign-id]")) {
      observer.observe(card, { subtree: true, childList: true, characterData: true, attributes: true });
    }
  });
})();
