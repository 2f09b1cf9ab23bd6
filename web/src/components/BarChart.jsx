// A horizontal bar chart of a report table, drawn by uPlot on a canvas: one group of bars per
// row, one bar per column. The library is fetched the first time a chart is shown, so it is no
// part of the first load. A canvas says nothing to a screen reader: the chart is an image named
// by its title and described by a note pointing to the table below it, which holds the same
// figures and is its text alternative. A hidden count (small, or hidden with a small one and of
// any size) draws no bar: its place holds the word "suppressed" in the reader's language.
import 'uplot/dist/uPlot.min.css';
import { useEffect, useRef, useState } from 'preact/hooks';
import { labelOf, useLang, useT } from '../lib/i18n.js';

/* Okabe–Ito colours, darkened where needed for 3:1 against white; told apart by the legend. */
export const CHART_COLOURS = ['#1d4f91', '#c0470b', '#00785a', '#9e3f7e', '#5b6b00'];
const FONT = '13px system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif';
const TEXT = '#1b1f29';
const GRID = '#dde1e8';
const BAR = [16, 11]; // px per bar: one series, several
const GROUP_GAP = 12; // px between groups

let library = null;
function loadUPlot() {
  library ||= import('uplot').then((m) => m.default);
  return library;
}

let measurer = null;
function textWidth(s) {
  measurer ||= document.createElement('canvas').getContext('2d');
  measurer.font = FONT;
  return measurer.measureText(s).width;
}
/* The label cut with '…' to fit `max` pixels. */
function fit(label, max) {
  if (textWidth(label) <= max) return label;
  let s = label;
  while (s.length > 1 && textWidth(`${s}…`) > max) s = s.slice(0, -1);
  return `${s.trimEnd()}…`;
}

/* A count hidden by the server ("suppressed"): no length to draw. */
const hidden = (v) => typeof v === 'string';

function options(uPlot, { rows, series, width, hiddenText }) {
  const n = rows.length, k = series.length;
  const labelRoom = Math.min(220, Math.round(width * 0.42));
  const labels = rows.map((r) => fit(r, labelRoom - 12));
  const labelSize = Math.ceil(Math.max(...labels.map(textWidth))) + 14;
  const group = 0.8, bar = group / k;
  const offsets = (j) => () => rows.map((_, i) => i - group / 2 + j * bar);
  const sizes = () => rows.map(() => bar);
  return {
    width,
    height: Math.max(120, n * (k * BAR[k > 1 ? 1 : 0] + GROUP_GAP) + 44),
    legend: { show: false },
    cursor: { show: false },
    select: { show: false },
    scales: {
      x: { time: false, ori: 1, dir: -1, range: [-0.5, n - 0.5] },
      y: { ori: 0, dir: 1, range: (u, min, max) => [0, Math.max(1, Math.ceil((max || 0) * 1.1))] },
    },
    axes: [
      {
        scale: 'x',
        side: 3,
        font: FONT,
        stroke: TEXT,
        size: labelSize,
        gap: 6,
        ticks: { show: false },
        grid: { show: false },
        splits: () => rows.map((_, i) => i),
        values: (u, splits) => splits.map((i) => labels[i] ?? ''),
      },
      {
        scale: 'y',
        side: 2,
        font: FONT,
        stroke: TEXT,
        grid: { stroke: GRID, width: 1 },
        ticks: { stroke: GRID, width: 1 },
        incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000],
        values: (u, splits) => splits.map((v) => String(Math.round(v))),
      },
    ],
    series: [
      {},
      ...series.map((s, j) => ({
        label: s.label,
        fill: s.colour,
        stroke: s.colour,
        width: 0,
        points: { show: false },
        paths: uPlot.paths.bars({
          size: [bar, Infinity, 1],
          align: 1,
          disp: { x0: { unit: 1, values: offsets(j) }, size: { unit: 1, values: sizes } },
        }),
      })),
    ],
    hooks: {
      draw: [
        (u) => {
          const { ctx } = u;
          const px = devicePixelRatio;
          ctx.save();
          ctx.font = `${Math.round(12 * px)}px system-ui, sans-serif`;
          ctx.textBaseline = 'middle';
          ctx.fillStyle = TEXT;
          const x0 = u.valToPos(0, 'y', true);
          series.forEach((s, j) => {
            s.raw.forEach((v, i) => {
              if (!hidden(v)) return;
              const y = u.valToPos(i - group / 2 + (j + 0.5) * bar, 'x', true);
              ctx.fillText(hiddenText, x0 + 6 * px, y);
            });
          });
          ctx.restore();
        },
      ],
    },
  };
}

/*
 * rows: the row labels; series: [{label, values}] with a value per row (a number, or
 * "suppressed").
 * title names the image; describedBy is the id of the note that points to the table; `note`
 * is shown under the chart (e.g. that rows of zeros are left out).
 */
export function BarChart({ title, rows, series, describedBy, note }) {
  const t = useT();
  const hiddenText = labelOf(useLang(), 'report_cell', 'suppressed');
  const box = useRef(null);
  const [failed, setFailed] = useState(false);
  const coloured = series.map((s, j) => ({
    ...s,
    colour: series.length === 1 ? CHART_COLOURS[0] : CHART_COLOURS[j % CHART_COLOURS.length],
    raw: s.values,
  }));
  const key = JSON.stringify([rows, series, hiddenText]);
  useEffect(() => {
    let plot = null, live = true, observer = null;
    loadUPlot()
      .then((uPlot) => {
        if (!live || !box.current) return;
        const make = () => {
          const width = Math.max(260, box.current.clientWidth);
          const opts = options(uPlot, { rows, series: coloured, width, hiddenText });
          const data = [rows.map((_, i) => i), ...coloured.map((s) => s.values.map((v) => (hidden(v) ? null : v)))];
          plot?.destroy();
          plot = new uPlot(opts, data, box.current);
        };
        make();
        let width = box.current.clientWidth;
        observer = new ResizeObserver(() => {
          if (box.current && Math.abs(box.current.clientWidth - width) > 8) {
            width = box.current.clientWidth;
            make();
          }
        });
        observer.observe(box.current);
      })
      .catch(() => live && setFailed(true));
    return () => {
      live = false;
      observer?.disconnect();
      plot?.destroy();
    };
  }, [key]);
  if (failed) return null;
  return (
    <figure class="chart">
      <div class="chart-canvas" ref={box} role="img" aria-label={t('report.chart_of', { title })} aria-describedby={describedBy} />
      {(coloured.length > 1 || note) && (
        <figcaption aria-hidden="true">
          {coloured.length > 1 && (
            <ul class="chart-legend">
              {coloured.map((s) => (
                <li>
                  <span class={`chart-swatch chart-swatch--${CHART_COLOURS.indexOf(s.colour)}`} />
                  {s.label}
                </li>
              ))}
            </ul>
          )}
          {note && <p class="chart-note">{note}</p>}
        </figcaption>
      )}
    </figure>
  );
}
