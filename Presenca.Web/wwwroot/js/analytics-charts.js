// Draws each <canvas data-chart> of Analytique with chart.js. The table under each chart holds the
// same numbers (the text alternative), so without JavaScript nothing is lost.
(() => {
  if (!window.Chart) return;
  const palette = ["#6c757d", "#0dcaf0", "#0d6efd", "#198754", "#dc3545", "#fd7e14"];
  document.querySelectorAll("canvas[data-chart]").forEach((canvas) => {
    const spec = JSON.parse(canvas.dataset.chart);
    const datasets = spec.datasets.map((d, i) => ({
      ...d,
      backgroundColor: spec.type === "doughnut" ? palette : palette[(i + 2) % palette.length],
    }));
    new Chart(canvas, {
      type: spec.type,
      data: { labels: spec.labels, datasets },
      options: {
        indexAxis: spec.horizontal ? "y" : "x",
        locale: "fr-FR",
        scales: spec.type === "doughnut" ? {} : { x: { stacked: !!spec.stacked }, y: { stacked: !!spec.stacked, beginAtZero: true } },
      },
    });
  });
})();
