// A file over the server's limit is refused here, before it is sent: past a point the server
// cuts such an upload off and the browser would only show a connection error. The server checks
// again; this only spares the user a long upload and a confusing failure.
document.addEventListener("change", (event) => {
  const input = event.target;
  if (!(input instanceof HTMLInputElement) || input.type !== "file" || !input.dataset.maxBytes) return;
  const max = Number(input.dataset.maxBytes);
  const file = input.files?.[0];
  const feedback = input.getAttribute("aria-describedby") && document.getElementById(input.getAttribute("aria-describedby"));
  const tooLarge = file && file.size > max;
  const megabytes = (bytes) => (bytes / (1024 * 1024)).toLocaleString("fr-FR", { maximumFractionDigits: 1 });
  const message = tooLarge
    ? `Ce fichier fait ${megabytes(file.size)} Mo : la limite est de ${megabytes(max)} Mo. Choisissez un fichier plus petit ou découpez-le.`
    : "";
  input.setCustomValidity(message);
  input.classList.toggle("is-invalid", Boolean(tooLarge));
  if (feedback) feedback.textContent = message;
});
