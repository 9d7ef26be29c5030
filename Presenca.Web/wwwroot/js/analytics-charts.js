// Draws each <canvas data-chart> of Analytique with chart.js. The table under each chart holds the
// same numbers (the text alternative), so without JavaScript nothing is lost.
(() => {
  if (!window.Chart) return;
  // One colour per meaning, the same in every chart: "Délivrés" is green wherever it appears.
  const colours = {
    "En attente": "#adb5bd",
    "En cours d'envoi": "#0dcaf0",
    "Envoyés": "#0d6efd",
    "Délivrés": "#198754",
    "Échoués": "#dc3545",
    "Rejetés (bounce)": "#fd7e14",
    "Rejetés": "#fd7e14",
    "E-mails": "#0d6efd",
  };
  const colour = (label) => colours[label] ?? "#6c757d";
  document.querySelectorAll("canvas[data-chart]").forEach((canvas) => {
    const spec = JSON.parse(canvas.dataset.chart);
    const doughnut = spec.type === "doughnut";
    if (doughnut) {
      // A doughnut is as tall as it is wide: keep it to a readable size instead of the page width.
      const box = document.createElement("div");
      box.style.maxWidth = "22rem";
      box.style.margin = "0 auto";
      canvas.replaceWith(box);
      box.appendChild(canvas);
    }
    const datasets = spec.datasets.map((d) => ({
      ...d,
      backgroundColor: doughnut ? spec.labels.map(colour) : colour(d.label),
    }));
    new Chart(canvas, {
      type: spec.type,
      data: { labels: spec.labels, datasets },
      options: {
        indexAxis: spec.horizontal ? "y" : "x",
        locale: "fr-FR",
        scales: doughnut ? {} : { x: { stacked: !!spec.stacked }, y: { stacked: !!spec.stacked, beginAtZero: true } },
      },
    });
  });
})();
