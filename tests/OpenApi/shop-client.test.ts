// A client generated from /openapi/v1.json (openapi-typescript types + openapi-fetch) walks the shop's main path.
// run.sh starts the shop and sets SHOP_URL, SHOP_ADMIN_EMAIL and SHOP_ADMIN_PASSWORD.
import assert from "node:assert/strict";
import { test } from "node:test";
import createClient from "openapi-fetch";
import type { paths } from "./generated/api.js";

const baseUrl = required("SHOP_URL");
const anonymous = createClient<paths>({ baseUrl });
const suffix = `${Date.now()}-${Math.floor(Math.random() * 1e6)}`;
const customer = { email: `client-${suffix}@shop.test`, password: "generated-client-1", name: "Generated Client" };
const category = `openapi-${suffix}`;

let customerToken = "";
let adminToken = "";
let productId = "";
let orderId = "";

test("a customer registers", async () => {
  const { data, error, response } = await anonymous.POST("/api/v1/users/register", { body: customer });
  assert.equal(response.status, 201, JSON.stringify(error));
  assert.equal(data?.email, customer.email);
  assert.equal(data?.role, "customer");
});

test("the customer and the bootstrap admin log in", async () => {
  customerToken = await login(customer.email, customer.password);
  adminToken = await login(required("SHOP_ADMIN_EMAIL"), required("SHOP_ADMIN_PASSWORD"));
  const { data } = await as(adminToken).GET("/api/v1/users/me");
  assert.equal(data?.role, "admin");
});

test("the admin creates a product that search then finds", async () => {
  const created = await as(adminToken).POST("/api/v1/admin/products", {
    body: { name: "Generated Teapot", description: "Pours typed tea", price: 19.99, category, stock: 5 },
  });
  assert.equal(created.response.status, 201, JSON.stringify(created.error));
  productId = created.data?.id ?? "";
  assert.ok(productId);

  const found = await eventually(async () => {
    const { data } = await anonymous.GET("/api/v1/products", { params: { query: { q: "teapot", category, pageSize: 10 } } });
    return data?.items.find((item) => item.id === productId);
  });
  assert.equal(found.price, 19.99);
  assert.equal(found.inStock, true);
});

test("the customer puts it in the cart", async () => {
  const { data, error, response } = await as(customerToken).POST("/api/v1/cart/add", { body: { productId, quantity: 2 } });
  assert.equal(response.status, 200, JSON.stringify(error));
  assert.equal(data?.totalQuantity, 2);
  assert.equal(data?.subtotal, 39.98);
});

test("the customer places the order", async () => {
  const { data, error, response } = await as(customerToken).POST("/api/v1/orders", {
    body: { shippingAddress: "1 Typed Street" },
    headers: { "Idempotency-Key": `order-${suffix}` },
  });
  assert.equal(response.status, 201, JSON.stringify(error));
  assert.equal(data?.status, "placed");
  assert.equal(data?.total, 39.98);
  orderId = data?.id ?? "";
  assert.ok(orderId);
});

test("the admin confirms the order and the customer sees it", async () => {
  const changed = await as(adminToken).PUT("/api/v1/orders/{id}/status", {
    params: { path: { id: orderId } },
    body: { status: "confirmed" },
  });
  assert.equal(changed.response.status, 200, JSON.stringify(changed.error));
  assert.equal(changed.data?.status, "confirmed");

  const seen = await as(customerToken).GET("/api/v1/orders/{id}", { params: { path: { id: orderId } } });
  assert.equal(seen.data?.status, "confirmed");
  assert.deepEqual(seen.data?.history.map((change) => change.status), ["placed", "confirmed"]);
});

test("a customer on an admin route gets a typed 403 problem", async () => {
  const { error, response } = await as(customerToken).PUT("/api/v1/orders/{id}/status", {
    params: { path: { id: orderId } },
    body: { status: "shipped" },
  });
  assert.equal(response.status, 403);
  assert.equal(response.headers.get("content-type")?.split(";")[0], "application/problem+json");
  assert.equal(error?.status, 403);
});

function as(token: string) {
  return createClient<paths>({ baseUrl, headers: { Authorization: `Bearer ${token}` } });
}

async function login(email: string, password: string): Promise<string> {
  const { data, error, response } = await anonymous.POST("/api/v1/users/login", { body: { email, password } });
  assert.equal(response.status, 200, JSON.stringify(error));
  assert.equal(data?.tokenType, "Bearer");
  return data?.accessToken ?? "";
}

async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) {
      return value;
    }
    assert.ok(Date.now() < deadline, `not seen within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function required(name: string): string {
  const value = process.env[name];
  assert.ok(value, `${name} must be set (run.sh sets it)`);
  return value;
}
