// Draws every [data-figure] element with plotly.js (served from the installed plotly
// package) and opens the URL a clicked point carries in its customdata.
document.querySelectorAll("[data-figure]").forEach((element) => {
  const figure = JSON.parse(element.dataset.figure);
  const config = {displayModeBar: false, responsive: true};
  Plotly.newPlot(element, figure.data, figure.layout, config).then(() => {
    element.on("plotly_click", (event) => {
      const url = event.points.length ? event.points[0].customdata : null;
      if (typeof url === "string" && url.startsWith("/")) { window.location.href = url; }
    });
    element.dataset.drawn = "yes";
  });
});
