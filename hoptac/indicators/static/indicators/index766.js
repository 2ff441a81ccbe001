/* The indicators' charts (the 766 index; a framework's indicators over the years): data from the
   page (json_script), Chart.js served locally. The tables next to them carry the same figures
   for readers without the charts. */
(function () {
  "use strict";
  if (typeof Chart === "undefined") return;
  var colours = ["#2f6db5", "#c98a00", "#3c8d5a", "#9b4d96"];
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.locale = document.documentElement.lang === "en" ? "en-GB" : "vi-VN";

  /* One line per city over the periods (months of the 766 index, years of a framework);
     ``gaps``: a period without a figure breaks the line (it is not drawn as 0 nor joined). */
  function line(canvas, labels, cities, values, ratio, gaps) {
    return new Chart(canvas, {
      type: "line",
      data: {
        labels: labels,
        datasets: cities.map(function (city, i) {
          return { label: city, data: values[i], borderColor: colours[i % colours.length],
                   backgroundColor: colours[i % colours.length], spanGaps: !gaps };
        })
      },
      options: { animation: false, aspectRatio: ratio, scales: { y: { beginAtZero: true } } }
    });
  }

  /* A framework page: one chart per indicator (data-series = its place in the page's data). */
  var framework = document.getElementById("framework-data");
  if (framework) {
    var f = JSON.parse(framework.textContent);
    document.querySelectorAll("canvas[data-series]").forEach(function (canvas) {
      line(canvas, f.years, f.cities, f.series[+canvas.dataset.series].values, 2);
    });
  }
  /* A component of the 766 index: each city's rate month by month, and the gap. */
  var component = document.getElementById("component-data");
  if (component) {
    var c = JSON.parse(component.textContent);
    var rates = document.getElementById("chart-component");
    if (rates) {
      var chart = line(rates, c.months, c.cities, c.rates, 2.6, true);
      chart.options.scales.y.max = 100;
      chart.options.scales.y.ticks = { callback: function (v) { return v + "%"; } };
      chart.update();
    }
    var gap = document.getElementById("chart-component-gap");
    if (gap) {
      new Chart(gap, {
        type: "bar",
        data: { labels: c.months, datasets: c.leads.map(function (lead, i) {
          return { label: lead.label, data: lead.values, backgroundColor: colours[i] };
        }) },
        options: { animation: false, aspectRatio: 3.2,
                   scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true } } }
      });
    }
  }
  var el = document.getElementById("index766-data");
  if (!el) return;
  var data = JSON.parse(el.textContent);
  var groups = document.getElementById("chart-groups");
  if (groups && data.groups.labels.length) {
    new Chart(groups, {
      type: "bar",
      data: {
        labels: data.groups.labels,
        datasets: data.cities.map(function (city, i) {
          return { label: city, data: data.groups.values[i], backgroundColor: colours[i] };
        })
      },
      options: { animation: false, aspectRatio: 3.2, scales: { y: { beginAtZero: true } } }
    });
  }
  var trend = document.getElementById("chart-trend");
  if (trend && data.trend.months.length) {
    line(trend, data.trend.months, data.cities, data.trend.values, 3.2);
  }
})();
