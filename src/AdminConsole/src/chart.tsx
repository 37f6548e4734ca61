import { useEffect, useRef } from "preact/hooks";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import type { Financials } from "./types";

/** Revenue (bars, left axis) and orders (line, right axis) per UTC day. */
export function DailyChart({ daily, currency }: { daily: Financials["daily"]; currency: string }) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = host.current;
    if (!element) return undefined;
    const data: uPlot.AlignedData = [
      daily.map((day) => Date.parse(`${day.date}T00:00:00Z`) / 1000),
      daily.map((day) => day.revenue),
      daily.map((day) => day.orders),
    ];
    const width = () => Math.max(280, element.clientWidth);
    const plot = new uPlot(
      {
        width: width(),
        height: 260,
        tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), "Etc/UTC"),
        scales: { x: { time: true }, revenue: { range: (_u, _min, max) => [0, Math.max(1, max * 1.1)] }, orders: { range: (_u, _min, max) => [0, Math.max(1, max * 1.2)] } },
        axes: [
          {},
          { scale: "revenue", values: (_u, ticks) => ticks.map((tick) => `${Math.round(tick)}`), label: `Revenue (${currency})` },
          { scale: "orders", side: 1, grid: { show: false }, label: "Orders" },
        ],
        series: [
          { label: "Day", value: (_u, ts) => (ts == null ? "" : new Date(ts * 1000).toISOString().slice(0, 10)) },
          { label: "Revenue", scale: "revenue", stroke: "#1d4ed8", fill: "rgba(29, 78, 216, 0.25)", paths: uPlot.paths.bars!({ size: [0.7, 40] }) },
          { label: "Orders", scale: "orders", stroke: "#b45309", width: 2, points: { show: true } },
        ],
      },
      data,
      element,
    );
    const observer = new ResizeObserver(() => plot.setSize({ width: width(), height: 260 }));
    observer.observe(element);
    return () => {
      observer.disconnect();
      plot.destroy();
    };
  }, [daily, currency]);
  const total = daily.reduce((sum, day) => sum + day.revenue, 0);
  return (
    <figure class="chart">
      <div ref={host} role="img" aria-label={`Revenue and orders per day, ${daily.length} days, ${total.toFixed(2)} ${currency} in all`} />
      <figcaption>Revenue (bars) and orders (line) per UTC day</figcaption>
    </figure>
  );
}
