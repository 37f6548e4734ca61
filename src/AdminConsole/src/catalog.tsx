import { useEffect, useState } from "preact/hooks";
import { ApiError, call, get, query } from "./api";
import type { ShopEvent } from "./events";
import { money } from "./format";
import type { Product, ProductPage } from "./types";
import { ErrorNote, Notice, Pager, useLoad, useReloadOn } from "./ui";

/** Catalog events (for `productId`, or any) reload the view. */
const isProductEvent = (productId?: string) => (event: ShopEvent) => {
  const id = event.payload.product?.id ?? event.payload.productId;
  return !!id && (!productId || id === productId);
};

/**
 * The contract makes a catalog change searchable within 2 s; the list, read from the search index, reads once more
 * this long after the last catalog event, since the event may arrive before the index shows its change.
 */
const searchSettlesMs = 2_500;

export function Catalog({ params }: { params: URLSearchParams }) {
  const [text, setText] = useState("");
  const [q, setQ] = useState("");
  const [category, setCategory] = useState("");
  const [inStock, setInStock] = useState(params.get("inStock") ?? "");
  const [sort, setSort] = useState("");
  const [page, setPage] = useState(1);
  const products = useLoad(
    () => get<ProductPage>(`/admin/products${query({ q, category, inStock, sort, page, pageSize: 20 })}`),
    [q, category, inStock, sort, page],
  );
  useReloadOn(isProductEvent(), products.reload, "", 300, searchSettlesMs);
  const filter = (apply: () => void) => {
    apply();
    setPage(1);
  };
  const categories = products.data?.facets.categories ?? [];

  return (
    <section aria-labelledby="catalog-title">
      <div class="title-row">
        <h1 id="catalog-title">Catalog</h1>
        <a class="button primary" href="#/catalog/new">New product</a>
      </div>
      <form class="filters" role="search" aria-label="Search products" onSubmit={(event) => { event.preventDefault(); filter(() => setQ(text.trim())); }}>
        <label>
          Search
          <input type="search" value={text} onInput={(e) => setText(e.currentTarget.value)} placeholder="Name, description, category" />
        </label>
        <label>
          Category
          <select value={category} onChange={(e) => filter(() => setCategory(e.currentTarget.value))}>
            <option value="">Any</option>
            {category && !categories.some((c) => c.value === category) && <option value={category}>{category}</option>}
            {categories.map((c) => <option key={c.value} value={c.value}>{c.value} ({c.count})</option>)}
          </select>
        </label>
        <label>
          Stock
          <select value={inStock} onChange={(e) => filter(() => setInStock(e.currentTarget.value))}>
            <option value="">Any</option>
            <option value="true">In stock</option>
            <option value="false">Sold out</option>
          </select>
        </label>
        <label>
          Sort
          <select value={sort} onChange={(e) => filter(() => setSort(e.currentTarget.value))}>
            <option value="">Default</option>
            <option value="name">Name</option>
            <option value="newest">Newest</option>
            <option value="price_asc">Price, low to high</option>
            <option value="price_desc">Price, high to low</option>
          </select>
        </label>
        <button type="submit">Search</button>
      </form>
      <ErrorNote error={products.error} />
      {products.data && (
        <>
          <div class="scroll">
            <table>
              <caption class="sr-only">Products</caption>
              <thead>
                <tr><th scope="col">Name</th><th scope="col">Category</th><th scope="col" class="num">Price</th><th scope="col" class="num">Stock</th></tr>
              </thead>
              <tbody>
                {products.data.items.map((product) => (
                  <tr key={product.id} data-product={product.id}>
                    <td><a href={`#/catalog/${product.id}`}>{product.name}</a></td>
                    <td>{product.category}</td>
                    <td class="num">{money(product.price, product.currency)}</td>
                    <td class={`num${product.stock === 0 ? " soldout" : ""}`}>{product.stock === 0 ? "sold out" : product.stock}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager page={products.data.page} pageSize={products.data.pageSize} total={products.data.total} empty="No products match." onPage={setPage} />
        </>
      )}
    </section>
  );
}

interface Draft {
  name: string;
  description: string;
  price: string;
  category: string;
  stock: string;
  imageUrl: string;
}

const draftOf = (product?: Product): Draft => ({
  name: product?.name ?? "",
  description: product?.description ?? "",
  price: product ? product.price.toFixed(2) : "",
  category: product?.category ?? "",
  stock: product ? String(product.stock) : "0",
  imageUrl: product?.imageUrl ?? "",
});

const bodyOf = (draft: Draft) => ({
  name: draft.name.trim(),
  description: draft.description.trim(),
  price: Number(draft.price),
  category: draft.category.trim(),
  stock: Number(draft.stock),
  imageUrl: draft.imageUrl.trim() || null,
});

const fieldNames: { key: keyof Draft; label: string }[] = [
  { key: "name", label: "Name" },
  { key: "description", label: "Description" },
  { key: "price", label: "Price" },
  { key: "category", label: "Category" },
  { key: "stock", label: "Stock (available)" },
  { key: "imageUrl", label: "Image URL" },
];

/** Create (`id` absent) or edit a product; an edit made on a stale version shows the newer one instead of overwriting it. */
export function ProductEditor({ id }: { id?: string }) {
  const loaded = useLoad(() => (id ? call<Product>("GET", `/products/${id}`) : Promise.resolve(undefined)), [id]);
  const [draft, setDraft] = useState<Draft>(draftOf());
  const [etag, setEtag] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState("");
  const [newer, setNewer] = useState<Product | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (loaded.data) {
      setDraft(draftOf(loaded.data.data));
      setEtag(loaded.data.etag);
    }
  }, [loaded.data]);

  const fields = error instanceof ApiError ? error.fields : {};
  const set = (key: keyof Draft) => (event: Event) => setDraft({ ...draft, [key]: (event.currentTarget as HTMLInputElement).value });

  async function save(event: Event) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setDone("");
    try {
      if (!id) {
        const created = await call<Product>("POST", "/admin/products", bodyOf(draft));
        location.hash = `#/catalog/${created.data.id}`;
        return;
      }
      const saved = await call<Product>("PUT", `/admin/products/${id}`, bodyOf(draft), etag ? { "If-Match": etag } : {});
      setEtag(saved.etag);
      setDraft(draftOf(saved.data));
      setNewer(null);
      setDone("Saved.");
    } catch (failure) {
      if (id && failure instanceof ApiError && (failure.status === 412 || failure.status === 409)) {
        const current = await call<Product>("GET", `/products/${id}`).catch(() => null);
        setNewer(current?.data ?? null);
        if (current) setEtag(current.etag);
      }
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  async function remove() {
    if (!id || !window.confirm(`Delete “${draft.name}”? Customers will no longer find it.`)) return;
    try {
      await call<void>("DELETE", `/admin/products/${id}`, undefined, etag ? { "If-Match": etag } : {});
      location.hash = "#/catalog";
    } catch (failure) {
      setError(failure);
    }
  }

  if (id && loaded.error) return <ErrorNote error={loaded.error} />;
  return (
    <section aria-labelledby="product-title">
      <p><a href="#/catalog">← Catalog</a></p>
      <h1 id="product-title">{id ? `Edit ${loaded.data?.data.name ?? "product"}` : "New product"}</h1>
      {newer && (
        <div class="conflict" role="alert">
          <h2>This product changed since you opened it</h2>
          <p>Your changes were not saved. The newer version:</p>
          <table>
            <thead><tr><th scope="col">Field</th><th scope="col">Newer version</th><th scope="col">Your edit</th></tr></thead>
            <tbody>
              {fieldNames.map(({ key, label }) => {
                const theirs = draftOf(newer)[key];
                return (
                  <tr key={key} class={theirs !== draft[key] ? "differs" : ""}>
                    <th scope="row">{label}</th>
                    <td data-newer={key}>{theirs}</td>
                    <td>{draft[key]}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <div class="actions">
            <button type="button" class="primary" onClick={() => { setDraft(draftOf(newer)); setNewer(null); setError(null); }}>
              Use the newer version
            </button>
            <button type="button" onClick={() => { setNewer(null); setError(null); }}>
              Keep my edit (Save replaces the newer version)
            </button>
          </div>
        </div>
      )}
      <form class="card editor" onSubmit={save} noValidate>
        {fieldNames.map(({ key, label }) => {
          const message = fields[key]?.join(" ");
          const input = {
            id: `product-${key}`,
            name: key,
            value: draft[key],
            onInput: set(key),
            "aria-invalid": message ? true : undefined,
            "aria-describedby": message ? `product-${key}-error` : undefined,
          };
          return (
            <div class="field" key={key}>
              <label for={input.id}>{label}</label>
              {key === "description" ? (
                <textarea {...input} rows={3} />
              ) : (
                <input
                  {...input}
                  type={key === "price" || key === "stock" ? "number" : key === "imageUrl" ? "url" : "text"}
                  step={key === "price" ? "0.01" : key === "stock" ? "1" : undefined}
                  min={key === "price" ? "0.01" : key === "stock" ? "0" : undefined}
                  required={key === "name" || key === "price" || key === "category"}
                  inputMode={key === "price" ? "decimal" : key === "stock" ? "numeric" : undefined}
                />
              )}
              {message && <span class="field-error" id={`product-${key}-error`}>{message}</span>}
            </div>
          );
        })}
        <ErrorNote error={newer ? null : error} />
        {done && <Notice>{done}</Notice>}
        <div class="actions">
          <button type="submit" class="primary" disabled={busy}>{id ? "Save" : "Create product"}</button>
          {id && <button type="button" class="danger" onClick={remove}>Delete</button>}
        </div>
      </form>
      {id && loaded.data && <StockForm id={id} onChanged={loaded.reload} />}
    </section>
  );
}

/** Sets the units on the shelf, or moves them by a signed amount (PUT /admin/products/{id}/inventory). */
function StockForm({ id, onChanged }: { id: string; onChanged: () => void }) {
  const [mode, setMode] = useState<"delta" | "stock">("delta");
  const [amount, setAmount] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState("");
  useReloadOn(isProductEvent(id), onChanged, id);

  async function submit(event: Event) {
    event.preventDefault();
    setError(null);
    setDone("");
    try {
      const answer = await call<Product>("PUT", `/admin/products/${id}/inventory`, { [mode]: Number(amount) });
      setDone(`Stock is now ${answer.data.stock}.`);
      setAmount("");
      onChanged();
    } catch (failure) {
      setError(failure);
    }
  }

  return (
    <form class="card" onSubmit={submit} aria-labelledby="stock-title">
      <h2 id="stock-title">Stock</h2>
      <fieldset>
        <legend>Change</legend>
        <label class="inline"><input type="radio" name="mode" checked={mode === "delta"} onChange={() => setMode("delta")} /> Add or remove units</label>
        <label class="inline"><input type="radio" name="mode" checked={mode === "stock"} onChange={() => setMode("stock")} /> Set the units on the shelf</label>
      </fieldset>
      <label>
        {mode === "delta" ? "Units to add (negative removes)" : "Units on the shelf"}
        <input type="number" step="1" min={mode === "stock" ? "0" : undefined} required value={amount} onInput={(e) => setAmount(e.currentTarget.value)} />
      </label>
      <ErrorNote error={error} />
      {done && <Notice>{done}</Notice>}
      <button type="submit">Apply</button>
    </form>
  );
}
