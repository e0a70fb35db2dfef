/* Draw the dashboard charts from their JSON data blocks (no inline script: the CSP forbids it).

   The figures are in the page's tables already; a chart is drawn only when it nears the screen, and plotly (1 MB)
   is fetched then, from the address this script's tag gives (data-plotly), so that a phone paints the tables first. */
(function () {
  'use strict';

  var plotlySrc = document.currentScript && document.currentScript.getAttribute('data-plotly');
  var NEAR = '300px 0px';  // start fetching plotly a little before the first chart scrolls in

  // No mode bar: on a phone it covered the legend; the figures and the exports are beside every chart.
  var config = {
    responsive: true,
    displaylogo: false,
    displayModeBar: false,
    locale: 'fr'
  };

  // On a phone, long category labels and legend entries take their short form (given by the server).
  function narrow(figure, width) {
    var hints = figure.layout.meta && figure.layout.meta.narrow;
    if (!hints || width >= 600) { return; }
    if (hints.figure) {  // a figure laid out for phones as a whole (self-positioning items: texts wrapped narrower)
      figure.data = hints.figure.data;
      figure.layout = hints.figure.layout;
      return;
    }
    if (hints.transpose) {
      figure.data.forEach(function (trace) {
        if (trace.type !== 'heatmap') { return; }
        var x = trace.x, z = trace.z, text = trace.text;
        trace.x = trace.y;
        trace.y = x;
        trace.z = x.map(function (_, i) { return z.map(function (row) { return row[i]; }); });
        if (text) { trace.text = x.map(function (_, i) { return text.map(function (row) { return row[i]; }); }); }
        trace.colorbar = { orientation: 'h', thickness: 10, y: -0.08, yanchor: 'top' };
      });
      figure.layout.xaxis = { side: 'top', automargin: true };
      figure.layout.yaxis = { autorange: 'reversed', automargin: true };
      figure.layout.font = Object.assign({}, figure.layout.font, { size: 11 });
    }
    if (hints.axis_labels) {
      var keys = Object.keys(hints.axis_labels);
      var onY = figure.data.some(function (trace) { return trace.y && trace.y.indexOf(keys[0]) !== -1; });
      var name = onY ? 'yaxis' : 'xaxis';
      var axis = figure.layout[name] || {};
      axis.tickvals = keys;
      axis.ticktext = keys.map(function (key) { return hints.axis_labels[key]; });
      figure.layout[name] = axis;
    }
    if (hints.names) {
      figure.data.forEach(function (trace, index) {
        if (hints.names[index]) { trace.name = hints.names[index]; }
      });
    }
  }

  // On a phone no legend stands beside the plot (plotly's default place, where it would squeeze the plot and run
  // off a narrow screen): one laid out upright becomes a row that wraps, above the plot, as the server lays the others.
  function legendInRows(figure, width) {
    var legend = figure.layout.legend || {};
    if (width >= 600 || figure.layout.showlegend === false || legend.orientation === 'h') { return; }
    figure.layout.legend = Object.assign({}, legend, { orientation: 'h', x: 0, xanchor: 'left', y: 1.02, yanchor: 'bottom' });
  }

  function draw(target) {
    var block = document.getElementById(target.getAttribute('data-chart'));
    if (!block || typeof Plotly === 'undefined' || target.hasAttribute('data-drawn')) { return; }
    target.setAttribute('data-drawn', '');
    try {
      var figure = JSON.parse(block.textContent);
      narrow(figure, target.clientWidth);
      legendInRows(figure, target.clientWidth);
      var printable = document.body.classList.contains('printable');
      var drawn = Plotly.newPlot(target, figure.data, figure.layout, printable ? staticConfig : config);
      if (printable) { drawn.then(freeze); }
    } catch (error) {
      target.textContent = 'Le graphique n\u2019a pas pu être affiché ; ses données sont dans le tableau ci-dessous.';
      target.classList.add('chart-failed');
    }
  }

  var staticConfig = { staticPlot: true, locale: 'fr' };

  // In the printable view, a chart becomes a plain SVG image: it scales to the paper and never reflows.
  function freeze(target) {
    var width = target.clientWidth;
    var height = target._fullLayout ? target._fullLayout.height : target.clientHeight;
    Plotly.toImage(target, { format: 'svg', width: width, height: height }).then(function (url) {
      var image = new Image();
      image.src = url;
      image.alt = '';
      image.className = 'chart-image';
      Plotly.purge(target);
      target.textContent = '';
      target.appendChild(image);
    });
  }

  // Fetch plotly once (a script inserted by hand never blocks the first paint), then run what waited for it.
  var waiting = null;
  function withPlotly(then) {
    if (typeof Plotly !== 'undefined') { then(); return; }
    if (waiting) { waiting.push(then); return; }
    waiting = [then];
    var script = document.createElement('script');
    script.src = plotlySrc;
    script.onload = function () { waiting.forEach(function (run) { run(); }); };
    script.onerror = function () {
      document.querySelectorAll('[data-chart]:not([data-drawn])').forEach(function (target) {
        target.textContent = 'Le graphique n\u2019a pas pu être affiché ; ses données sont dans le tableau ci-dessous.';
        target.classList.add('chart-failed');
      });
    };
    document.head.appendChild(script);
  }

  var charts = Array.prototype.slice.call(document.querySelectorAll('[data-chart]'));
  if (charts.length && (document.body.classList.contains('printable') || !('IntersectionObserver' in window))) {
    withPlotly(function () { charts.forEach(draw); });  // paper shows every chart
  } else if (charts.length) {
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (!entry.isIntersecting) { return; }
        observer.unobserve(entry.target);
        withPlotly(function () { draw(entry.target); });
      });
    }, { rootMargin: NEAR });
    charts.forEach(function (target) { observer.observe(target); });
  }
  document.querySelectorAll('[data-print]').forEach(function (button) {
    button.addEventListener('click', function () { window.print(); });
  });
}());
