// Boussole's plotly.js: the core plus only the trace types the dashboards draw, and the French locale.
'use strict';

var Plotly = require('plotly.js/lib/core');

Plotly.register([
    require('plotly.js/lib/bar'),
    require('plotly.js/lib/heatmap'),
    require('plotly.js/lib/scatterpolar'),
    require('plotly.js/lib/locales/fr'),
]);

module.exports = Plotly;
