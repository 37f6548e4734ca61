import { useState } from "preact/hooks";
import { call, get, query } from "./api";
import type { ShopEvent } from "./events";
import { dateTime, money, nextStatuses, statuses, type OrderStatus } from "./format";
import type { Order, OrdersPage } from "./types";
import { ErrorNote, Notice, Pager, StatusBadge, useLoad, useReloadOn } from "./ui";

/** Order events (for `orderId`, or any) reload the view, so new orders and moves show up without a reload. */
const isOrderEvent = (orderId?: string) => (event: ShopEvent) => !!event.payload.order && (!orderId || event.payload.order.id === orderId);

export function Orders({ params }: { params: URLSearchParams }) {
  const [status, setStatus] = useState(params.get("status") ?? "");
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const [text, setText] = useState("");
  const [q, setQ] = useState("");
  const [page, setPage] = useState(1);
  const orders = useLoad(() => get<OrdersPage>(`/admin/orders${query({ status, from, to, q, page, pageSize: 20 })}`), [status, from, to, q, page]);
  useReloadOn(isOrderEvent(), orders.reload);
  const filter = (apply: () => void) => {
    apply();
    setPage(1);
  };

  return (
    <section aria-labelledby="orders-title">
      <h1 id="orders-title">Orders</h1>
      <form class="filters" role="search" aria-label="Filter orders" onSubmit={(event) => { event.preventDefault(); filter(() => setQ(text.trim())); }}>
        <label>
          Status
          <select value={status} onChange={(e) => filter(() => setStatus(e.currentTarget.value))}>
            <option value="">Any</option>
            {statuses.map((value) => <option key={value} value={value}>{value}</option>)}
          </select>
        </label>
        <label>
          From
          <input type="date" value={from} onChange={(e) => filter(() => setFrom(e.currentTarget.value))} />
        </label>
        <label>
          To
          <input type="date" value={to} onChange={(e) => filter(() => setTo(e.currentTarget.value))} />
        </label>
        <label>
          Search
          <input type="search" placeholder="Order id, customer email, product" value={text} onInput={(e) => setText(e.currentTarget.value)} />
        </label>
        <button type="submit">Search</button>
      </form>
      <ErrorNote error={orders.error} />
      {orders.data && (
        <>
          <p class="summary">
            {orders.data.summary.orderCount} orders, revenue {money(orders.data.summary.revenue)}
          </p>
          <div class="scroll">
            <table>
              <caption class="sr-only">Orders, newest first</caption>
              <thead>
                <tr><th scope="col">Placed</th><th scope="col">Order</th><th scope="col">Customer</th><th scope="col">Status</th><th scope="col" class="num">Items</th><th scope="col" class="num">Total</th></tr>
              </thead>
              <tbody>
                {orders.data.items.map((order) => (
                  <tr key={order.id} data-order={order.id}>
                    <td>{dateTime(order.createdAt)}</td>
                    <td><a href={`#/orders/${order.id}`} aria-label={`Order ${order.id}`}>{order.id.slice(0, 8)}</a></td>
                    <td>{order.customerEmail ?? order.userId}</td>
                    <td><StatusBadge status={order.status} /></td>
                    <td class="num">{order.itemCount}</td>
                    <td class="num">{money(order.total, order.currency)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager page={orders.data.page} pageSize={orders.data.pageSize} total={orders.data.total} empty="No orders match." onPage={setPage} />
        </>
      )}
    </section>
  );
}

export function OrderDetail({ id }: { id: string }) {
  const order = useLoad(() => call<Order>("GET", `/orders/${id}`), [id]);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState("");
  const [busy, setBusy] = useState(false);
  useReloadOn(isOrderEvent(id), order.reload, id);

  async function move(status: OrderStatus) {
    if (!order.data) return;
    if (status === "cancelled" && !window.confirm("Cancel this order? Its stock goes back on the shelf.")) return;
    setBusy(true);
    setError(null);
    setDone("");
    try {
      await call<Order>("PUT", `/orders/${id}/status`, { status }, order.data.etag ? { "If-Match": order.data.etag } : {});
      setDone(`The order is now ${status}.`);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
      order.reload();
    }
  }

  const o = order.data?.data;
  return (
    <section aria-labelledby="order-title">
      <p><a href="#/orders">← All orders</a></p>
      <h1 id="order-title">Order {id.slice(0, 8)}</h1>
      <ErrorNote error={order.error} />
      {o && (
        <>
          <dl class="facts">
            <div><dt>Status</dt><dd><StatusBadge status={o.status} /></dd></div>
            <div><dt>Total</dt><dd>{money(o.total, o.currency)}</dd></div>
            <div><dt>Placed</dt><dd>{dateTime(o.createdAt)}</dd></div>
            <div><dt>Customer</dt><dd>{o.userId}</dd></div>
            <div><dt>Ship to</dt><dd>{o.shippingAddress || "—"}</dd></div>
            <div><dt>Order id</dt><dd><code>{o.id}</code></dd></div>
          </dl>
          <div class="actions" role="group" aria-label="Change status">
            {nextStatuses[o.status].map((status) => (
              <button type="button" key={status} class={status === "cancelled" ? "danger" : "primary"} disabled={busy} onClick={() => move(status)}>
                {status === "cancelled" ? "Cancel order" : `Mark ${status}`}
              </button>
            ))}
            {nextStatuses[o.status].length === 0 && <p>This order is {o.status}: no further moves.</p>}
          </div>
          <ErrorNote error={error} />
          {done && <Notice>{done}</Notice>}
          <h2>Items</h2>
          <div class="scroll">
            <table>
              <thead><tr><th scope="col">Product</th><th scope="col" class="num">Unit price</th><th scope="col" class="num">Quantity</th><th scope="col" class="num">Line total</th></tr></thead>
              <tbody>
                {o.items.map((line) => (
                  <tr key={line.productId}>
                    <td><a href={`#/catalog/${line.productId}`}>{line.name}</a></td>
                    <td class="num">{money(line.unitPrice, o.currency)}</td>
                    <td class="num">{line.quantity}</td>
                    <td class="num">{money(line.lineTotal, o.currency)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <h2>History</h2>
          <ol class="history">
            {o.history.map((step) => (
              <li key={`${step.status}-${step.at}`}><StatusBadge status={step.status} /> {dateTime(step.at)}</li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}
