import { Resvg } from '@resvg/resvg-js';
import * as vega from 'vega';

export interface DailyPoint {
  /** Local calendar day, YYYY-MM-DD. */
  day: string;
  revenue: number;
}

const WIDTH = 720;
const HEIGHT = 360;

/** A bar chart spec: one bar per day, rupiah on the y axis. */
function revenueSpec(points: DailyPoint[], title: string): vega.Spec {
  return {
    $schema: 'https://vega.github.io/schema/vega/v6.json',
    width: WIDTH,
    height: HEIGHT,
    padding: 16,
    background: 'white',
    title: { text: title, fontSize: 16 },
    data: [{ name: 'days', values: points.map((p) => ({ day: p.day.slice(5), revenue: p.revenue })) }],
    scales: [
      { name: 'x', type: 'band', domain: { data: 'days', field: 'day' }, range: 'width', padding: 0.15 },
      {
        name: 'y',
        type: 'linear',
        domain: { data: 'days', field: 'revenue' },
        range: 'height',
        nice: true,
        zero: true,
      },
    ],
    axes: [
      { orient: 'bottom', scale: 'x', labelAngle: -60, labelAlign: 'right', labelFontSize: 9 },
      { orient: 'left', scale: 'y', format: '~s', grid: true },
    ],
    marks: [
      {
        type: 'rect',
        from: { data: 'days' },
        encode: {
          enter: {
            x: { scale: 'x', field: 'day' },
            width: { scale: 'x', band: 1 },
            y: { scale: 'y', field: 'revenue' },
            y2: { scale: 'y', value: 0 },
            fill: { value: '#2f7ed8' },
          },
        },
      },
    ],
  };
}

/** Revenue per day as PNG bytes, rendered on the server (Vega → SVG → resvg), no browser. */
export async function revenueChartPng(points: DailyPoint[], title: string): Promise<Buffer> {
  const view = new vega.View(vega.parse(revenueSpec(points, title)), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  const png = new Resvg(svg, { background: 'white', font: { loadSystemFonts: true } }).render().asPng();
  return Buffer.from(png);
}
