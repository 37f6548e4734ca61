import { render } from "preact";
import { useEffect, useMemo, useState } from "preact/hooks";
import { currentSession, onSessionChange, signOut, type Session } from "./api";
import { ProductEditor, Catalog } from "./catalog";
import { onLiveState, onShopEvent, startLive, stopLive, type LiveState } from "./events";
import { money } from "./format";
import { OrderDetail, Orders } from "./orders";
import { Overview } from "./overview";
import { SignIn } from "./signin";
import "./styles.css";

interface Route {
  path: string[];
  params: URLSearchParams;
}

function readRoute(hash: string): Route {
  const [path = "", search = ""] = hash.replace(/^#\/?/, "").split("?");
  return { path: path.split("/").filter(Boolean), params: new URLSearchParams(search) };
}

function useRoute() {
  const [hash, setHash] = useState(() => location.hash);
  useEffect(() => {
    const changed = () => {
      setHash(location.hash);
      // Move focus to the new page's heading, as a page load would.
      requestAnimationFrame(() => document.getElementById("main")?.focus());
    };
    window.addEventListener("hashchange", changed);
    // Effects run after the first paint: the address may have moved since the first render, unheard.
    setHash(location.hash);
    return () => window.removeEventListener("hashchange", changed);
  }, []);
  return useMemo(() => readRoute(hash), [hash]);
}

function Page({ route }: { route: Route }) {
  const [section, id] = route.path;
  const key = route.path.join("/");
  switch (section) {
    case "orders":
      return id ? <OrderDetail key={key} id={id} /> : <Orders key={key + route.params} params={route.params} />;
    case "catalog":
      return id === "new" ? <ProductEditor key="new" /> : id ? <ProductEditor key={key} id={id} /> : <Catalog key={key + route.params} params={route.params} />;
    default:
      return <Overview />;
  }
}

/** The newest live events, for the header's ticker (announced politely to screen readers). */
function LiveTicker() {
  const [state, setState] = useState<LiveState>("offline");
  // The newest order news and the newest stock news side by side: an order and the stock changes it causes arrive
  // together, in no fixed order, and one must not hide the other.
  const [orderNews, setOrderNews] = useState("");
  const [stockNews, setStockNews] = useState("");
  useEffect(() => onLiveState(setState), []);
  useEffect(
    () =>
      onShopEvent((event) => {
        const order = event.payload.order;
        if (event.type === "order.placed" && order) setOrderNews(`New order ${order.id.slice(0, 8)}: ${money(order.total, order.currency)}`);
        else if (order) setOrderNews(`Order ${order.id.slice(0, 8)} is ${order.status}`);
        else if (event.type === "stock.changed" && event.payload.product) setStockNews(`${event.payload.product.name}: ${event.payload.product.stock} in stock`);
      }),
    [],
  );
  return (
    <p class={`live live-${state}`}>
      <span class="dot" aria-hidden="true" />
      <span>{state === "live" ? "Live" : state === "connecting" ? "Connecting…" : "Offline"}</span>
      <span class="latest" role="status" aria-live="polite">{[orderNews, stockNews].filter(Boolean).join(" · ")}</span>
    </p>
  );
}

function Console({ session }: { session: Session }) {
  const route = useRoute();
  useEffect(() => {
    startLive();
    return stopLive;
  }, []);
  const section = route.path[0] ?? "overview";
  const link = (name: string, label: string) => (
    <a href={`#/${name}`} aria-current={section === name ? "page" : undefined}>{label}</a>
  );
  return (
    <>
      <a class="skip" href="#main" onClick={(event) => { event.preventDefault(); document.getElementById("main")?.focus(); }}>Skip to content</a>
      <header class="top">
        <strong class="brand">Market-Micro admin</strong>
        <nav aria-label="Sections">
          {link("overview", "Overview")}
          {link("orders", "Orders")}
          {link("catalog", "Catalog")}
        </nav>
        <LiveTicker />
        <div class="account">
          <span class="email">{session.email}</span>
          <button type="button" onClick={() => void signOut()}>Sign out</button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <Page route={route} />
      </main>
    </>
  );
}

function App() {
  const [session, setSession] = useState(currentSession);
  useEffect(() => onSessionChange(setSession), []);
  return session ? <Console session={session} /> : <SignIn />;
}

const root = document.getElementById("app")!;
root.replaceChildren(); // the "Loading" line of the page goes; render() would keep it beside the app
render(<App />, root);
