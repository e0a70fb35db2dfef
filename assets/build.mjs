// Build app/static/vendor/plotly-boussole.min.js: `npm ci && npm run build` (see README.md).
import { build } from 'esbuild';
import { statSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const outfile = '../app/static/vendor/plotly-boussole.min.js';

const result = await build({
    entryPoints: ['src/plotly-boussole.js'],
    outfile,
    bundle: true,
    minify: true,
    format: 'iife',
    globalName: 'Plotly',
    target: 'es2018',
    // As plotly.js's own build: no Node globals in the browser.
    define: { global: 'window', 'define.amd': 'false', 'process.env.NODE_DEBUG': 'false' },
    legalComments: 'eof',
    // registry.js names maplibre's stylesheet for map traces, which this bundle leaves out.
    loader: { '.css': 'empty' },
    metafile: true,
    logLevel: 'info',
});

if (process.env.ANALYZE) {
    const { analyzeMetafile } = await import('esbuild');
    console.log(await analyzeMetafile(result.metafile, { verbose: false }));
}

const bytes = statSync(outfile).size;
const gzipped = gzipSync(readFileSync(outfile), { level: 9 }).length;
console.log(`${outfile}: ${(bytes / 1024).toFixed(0)} KiB, ${(gzipped / 1024).toFixed(0)} KiB gzip`);
