// Bundles the browser UI for embedding in the server: node build.mjs OUTDIR
//
// esbuild bundles and minifies web/src/main.jsx (Preact, JSX) and its CSS into files named
// by content hash, so the server can let browsers cache them for good; index.html is written
// with those names. Every file also gets a gzip twin, which the server sends to browsers that
// accept it (shelter staff and police posts often work on phones over slow links).
//
// Code that few screens need (the chart library of the reports) is split off by a dynamic
// import() and fetched when such a screen first opens; a chunk the entry imports statically
// is named in the page as a modulepreload, so the first load is every file the page links.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync, constants } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));
const out = process.argv[2];
if (!out) {
  console.error('usage: node build.mjs OUTDIR');
  process.exit(2);
}
const assets = join(out, 'assets');
rmSync(out, { recursive: true, force: true });
mkdirSync(assets, { recursive: true });

const result = await build({
  entryPoints: [join(here, 'src/main.jsx')],
  bundle: true,
  minify: true,
  format: 'esm',
  target: ['chrome100', 'firefox100', 'safari15'],
  jsx: 'automatic',
  jsxImportSource: 'preact',
  outdir: assets,
  splitting: true,
  entryNames: '[name]-[hash]',
  chunkNames: 'chunk-[hash]',
  assetNames: '[name]-[hash]',
  loader: { '.svg': 'file' },
  legalComments: 'none',
  metafile: true,
  logLevel: 'warning',
});

const outputs = Object.entries(result.metafile.outputs);
const [entryPath, entry] = outputs.find(([, o]) => o.entryPoint?.endsWith('src/main.jsx')) || [];
if (!entry || !entry.cssBundle) {
  console.error('build.mjs: esbuild produced no script or no stylesheet');
  process.exit(1);
}
const js = basename(entryPath);
const css = basename(entry.cssBundle);
const preloads = entry.imports
  .filter((i) => i.kind === 'import-statement')
  .map((i) => `<link rel="modulepreload" href="/assets/${basename(i.path)}">\n`)
  .join('');
const html = readFileSync(join(here, 'index.html'), 'utf8')
  .replace('<script type="module" src="%APP_JS%">', `${preloads}<script type="module" src="/assets/${js}">`)
  .replace('%APP_CSS%', `/assets/${css}`);
writeFileSync(join(out, 'index.html'), html);
for (const n of readdirSync(join(here, 'static'))) copyFileSync(join(here, 'static', n), join(out, n));

const gzip = (file) =>
  writeFileSync(`${file}.gz`, gzipSync(readFileSync(file), { level: constants.Z_BEST_COMPRESSION }));
for (const n of readdirSync(out)) if (!n.endsWith('.gz') && n !== 'assets') gzip(join(out, n));
for (const n of readdirSync(assets)) gzip(join(assets, n));
