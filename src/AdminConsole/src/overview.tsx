import { useState } from "preact/hooks";
import { get, query } from "./api";
import { DailyChart } from "./chart";
import { count, money, statuses, utcDay } from "./format";
import type { Financials, ProductPage } from "./types";
import { ErrorNote, StatusBadge, useLoad, useReloadOn } from "./ui";

/** Products with at most this many units to buy are "low on stock". */
const lowStock = 5;

export function Overview() {
  const [from, setFrom] = useState(utcDay(29));
  const [to, setTo] = useState(utcDay(0));
  const [tick, setTick] = useState(0);
  const financials = useLoad(() => get<Financials>(`/admin/financials${query({ from, to })}`), [from, to, tick]);
  const stock = useLoad(
    () =>
      Promise.all([
        get<ProductPage>(`/admin/products${query({ inStock: false, pageSize: 10, sort: "name" })}`),
        get<ProductPage>(`/admin/products${query({ inStock: true, pageSize: 100 })}`),
      ]),
    [tick],
  );

  // Live: every order or stock event refreshes the figures (at most twice a second).
  useReloadOn(() => true, () => setTick((value) => value + 1), "", 500);

  const f = financials.data;
  const [soldOut, inStock] = stock.data ?? [undefined, undefined];
  const running = (inStock?.items ?? []).filter((product) => product.stock <= lowStock).sort((a, b) => a.stock - b.stock);

  return (
    <section aria-labelledby="overview-title">
      <h1 id="overview-title">Overview</h1>
      <form class="filters" onSubmit={(event) => event.preventDefault()} aria-label="Date range">
        <label>
          From
          <input type="date" value={from} max={to} onChange={(e) => e.currentTarget.value && setFrom(e.currentTarget.value)} />
        </label>
        <label>
          To
          <input type="date" value={to} min={from} onChange={(e) => e.currentTarget.value && setTo(e.currentTarget.value)} />
        </label>
        {[7, 30, 90].map((days) => (
          <button type="button" key={days} onClick={() => { setFrom(utcDay(days - 1)); setTo(utcDay(0)); }}>
            Last {days} days
          </button>
        ))}
      </form>
      <ErrorNote error={financials.error} />
      {f && (
        <>
          <dl class="figures" aria-live="polite">
            <div><dt>Revenue</dt><dd data-figure="revenue">{money(f.revenue, f.currency)}</dd></div>
            <div><dt>Orders</dt><dd data-figure="orders">{count(f.orderCount)}</dd></div>
            <div><dt>Average order</dt><dd>{money(f.averageOrderValue, f.currency)}</dd></div>
            <div><dt>Items sold</dt><dd>{count(f.itemsSold)}</dd></div>
            <div><dt>Refunds</dt><dd>{money(f.refundedAmount, f.currency)} <small>({count(f.cancelledCount)} cancelled)</small></dd></div>
          </dl>
          <DailyChart daily={f.daily} currency={f.currency} />
          <div class="columns">
            <section class="card" aria-labelledby="by-status">
              <h2 id="by-status">Orders by status</h2>
              <ul class="plain">
                {statuses.map((status) => (
                  <li key={status}>
                    <a href={`#/orders?status=${status}`}><StatusBadge status={status} /></a> {count(f.byStatus[status] ?? 0)}
                  </li>
                ))}
              </ul>
            </section>
            <section class="card" aria-labelledby="top-products">
              <h2 id="top-products">Top products</h2>
              {f.topProducts.length === 0 ? <p>No sales in this range.</p> : (
                <table>
                  <thead><tr><th scope="col">Product</th><th scope="col" class="num">Units</th><th scope="col" class="num">Revenue</th></tr></thead>
                  <tbody>
                    {f.topProducts.map((product) => (
                      <tr key={product.productId}>
                        <td><a href={`#/catalog/${product.productId}`}>{product.name}</a></td>
                        <td class="num">{count(product.quantity)}</td>
                        <td class="num">{money(product.revenue, f.currency)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </section>
            <section class="card" aria-labelledby="low-stock">
              <h2 id="low-stock">Low on stock</h2>
              <ErrorNote error={stock.error} />
              {soldOut && (
                <p>
                  <a href="#/catalog?inStock=false">{count(soldOut.total)} sold out</a>
                  {soldOut.items.length > 0 && `: ${soldOut.items.map((product) => product.name).join(", ")}${soldOut.total > soldOut.items.length ? ", …" : ""}`}
                </p>
              )}
              {inStock && (
                <>
                  <ul class="plain">
                    {running.map((product) => (
                      <li key={product.id}><a href={`#/catalog/${product.id}`}>{product.name}</a>: {product.stock} left</li>
                    ))}
                  </ul>
                  {running.length === 0 && <p>Nothing else is at {lowStock} units or fewer.</p>}
                  {inStock.total > inStock.items.length && <p class="hint">Of the {inStock.items.length} newest products in stock.</p>}
                </>
              )}
            </section>
          </div>
        </>
      )}
    </section>
  );
}
