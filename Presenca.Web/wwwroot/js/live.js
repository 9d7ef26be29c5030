// Connects the page to the SignalR hub and re-emits every relayed PostgreSQL notification as a
// DOM event `presenca:<channel>` (detail = parsed payload), so each page listens only to what it
// shows. The header's indicator says whether the page is live.
(() => {
  const status = document.getElementById("live-status");
  if (!status || !window.signalR) return;

  const setState = (online) => {
    status.dataset.state = online ? "online" : "offline";
    status.querySelector(".live-status-text").textContent = online ? "connecté" : "hors ligne";
  };

  const connection = new signalR.HubConnectionBuilder()
    .withUrl("/hubs/live")
    .withAutomaticReconnect({ nextRetryDelayInMilliseconds: (ctx) => Math.min(1000 * 2 ** ctx.previousRetryCount, 15000) })
    .build();

  connection.on("notification", (channel, payload) => {
    let detail = payload;
    try { detail = JSON.parse(payload); } catch { /* plain-text payloads are passed as they are */ }
    document.dispatchEvent(new CustomEvent(`presenca:${channel}`, { detail }));
  });
  connection.onreconnecting(() => setState(false));
  connection.onreconnected(() => setState(true));
  connection.onclose(() => setState(false));

  // Announcements (channel presenca_live) show as a dismissable banner under the header.
  document.addEventListener("presenca:presenca_live", (event) => {
    const message = typeof event.detail === "string" ? event.detail : event.detail?.message;
    if (!message) return;
    const banner = document.createElement("div");
    banner.className = "alert alert-info alert-dismissible live-announcement";
    banner.setAttribute("role", "status");
    banner.textContent = message;
    const close = document.createElement("button");
    close.type = "button";
    close.className = "btn-close";
    close.setAttribute("aria-label", "Fermer");
    close.addEventListener("click", () => banner.remove());
    banner.appendChild(close);
    document.getElementById("live-announcements")?.appendChild(banner);
  });

  const start = async () => {
    try {
      await connection.start();
      setState(true);
    } catch {
      setState(false);
      setTimeout(start, 3000);
    }
  };
  window.presencaLive = connection;
  start();
})();
