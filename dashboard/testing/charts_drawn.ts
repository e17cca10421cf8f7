/// <reference lib="dom" />
/**
 * What the browser tests check of a page's charts: for each canvas that carries a chart, how many
 * points chart.js drew with a value in each dataset.
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";

/** Per chart on the page: for each dataset, how many elements chart.js drew with a value. */
export function drawnPoints(page: Page): Promise<number[][]> {
  return page.evaluate(() => {
    const Chart = (globalThis as unknown as {
      Chart?: {
        getChart(c: HTMLCanvasElement): {
          data: { datasets: { data: { y: number | null }[] }[] };
          getDatasetMeta(i: number): { data: unknown[] };
        } | undefined;
      };
    }).Chart;
    return [...document.querySelectorAll<HTMLCanvasElement>("canvas[data-chart]")].map((c) => {
      const chart = Chart?.getChart(c);
      if (chart === undefined) return [];
      return chart.data.datasets.map((d, i) =>
        Math.min(d.data.filter((p) => p.y !== null).length, chart.getDatasetMeta(i).data.length)
      );
    });
  });
}

/** Asserts that the page has `count` charts and that each drew at least one data point. */
export async function expectCharts(page: Page, count: number, what: string): Promise<void> {
  const charts = await drawnPoints(page);
  assert.equal(charts.length, count, `${what}: number of charts`);
  charts.forEach((datasets, i) => {
    assert.ok(datasets.length > 0, `${what}: chart ${i} has no datasets`);
    assert.ok(datasets.some((n) => n > 0), `${what}: chart ${i} drew no data points`);
  });
}
