// Installed in the page before its own scripts (Playwright init script). gridBench.arm() notes
// what the Contacts grid shows, then waits for the next pointer press, click or input anywhere in the
// document (the one Playwright is about to make) and for the grid to show other rows: the first
// and last address and the row count, read at every DOM change (a MutationObserver runs once per
// batch of DOM writes, i.e. once per render batch of the circuit). Times are the browser's own
// performance.now(), so Playwright's latency is not in them. gridBench.result() resolves with
// { dom, painted, rows, first }: milliseconds from the event to the new rows in the DOM, and to
// the next animation frame after that (about when they are on screen).
(() => {
  const rowsSelector = "[data-testid=contacts-table] tbody tr";
  const signature = () => {
    const links = [...document.querySelectorAll(`${rowsSelector} td:first-child a`)];
    return links.length === 0 ? "" : `${links.length}|${links[0].textContent.trim()}|${links[links.length - 1].textContent.trim()}`;
  };

  // The first of them starts the clock: a pointer press comes a moment before its click.
  const events = ["pointerdown", "click", "input"];
  let pending = null;
  window.gridBench = {
    signature,
    arm(timeoutMs) {
      const before = signature();
      let eventAt = null;
      pending = new Promise((resolve, reject) => {
        const onEvent = () => {
          if (eventAt === null) eventAt = performance.now();
        };
        for (const type of events) document.addEventListener(type, onEvent, true);
        const stop = () => {
          observer.disconnect();
          clearTimeout(timer);
          for (const type of events) document.removeEventListener(type, onEvent, true);
        };
        const observer = new MutationObserver(() => {
          if (eventAt === null) return;
          const seen = signature();
          if (seen === "" || seen === before) return;
          const dom = performance.now() - eventAt;
          stop();
          requestAnimationFrame(() => resolve({ dom, painted: performance.now() - eventAt, rows: Number(seen.split("|")[0]), first: seen.split("|")[1] }));
        });
        observer.observe(document.body, { subtree: true, childList: true, characterData: true });
        const timer = setTimeout(() => {
          stop();
          reject(new Error(`the grid still shows ${before} ${timeoutMs} ms after the event (event seen: ${eventAt !== null})`));
        }, timeoutMs);
      });
      // Handled here so that a rejection nobody awaits yet is not reported as unhandled.
      pending.catch(() => {});
    },
    result() {
      return pending;
    },
  };
})();
