// The console's only door to the shop: the public /api/v1 with the admin's bearer token. Tokens are refreshed a minute
// before they expire (refresh tokens rotate: each is used once), and every error becomes an ApiError with a message a
// person can read.

const base = "/api/v1";
const storageKey = "market-micro-admin-session";
/** Refresh this long before the access token expires (at most a fifth of its life), so no request meets an expired one. */
const refreshAheadMs = 60_000;
const refreshAhead = (s: Session) => Math.min(refreshAheadMs, s.lifetimeMs / 5);

export interface Session {
  accessToken: string;
  refreshToken: string;
  expiresAt: number;
  lifetimeMs: number;
  email: string;
}

interface TokenAnswer {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly fields: Record<string, string[]> = {},
    readonly body: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** Readable text for a problem+json answer (or whatever else came back). */
async function errorOf(response: Response): Promise<ApiError> {
  let problem: Record<string, unknown> = {};
  try {
    problem = (await response.json()) as Record<string, unknown>;
  } catch {
    // not JSON: the status alone has to do
  }
  const fields = (problem.errors as Record<string, string[]> | undefined) ?? {};
  const title = typeof problem.title === "string" ? problem.title : response.statusText || "Request failed";
  const detail = typeof problem.detail === "string" ? problem.detail : "";
  const fieldText = Object.entries(fields).map(([field, messages]) => `${field}: ${messages.join(" ")}`).join("; ");
  const hint: Record<number, string> = {
    401: "Your session has ended. Please sign in again.",
    403: "This account is not an admin.",
    429: "Too many attempts. Please wait a moment and try again.",
    502: "The shop is not answering right now. Try again shortly.",
    503: "The shop is not ready right now. Try again shortly.",
    504: "The shop took too long to answer. Try again shortly.",
  };
  const specific = [detail, fieldText].filter(Boolean).join(" — ");
  const message = hint[response.status]
    ? [hint[response.status], detail].filter(Boolean).join(" ")
    : [title, specific].filter(Boolean).join(": ") || `Error ${response.status}`;
  return new ApiError(response.status, message, fields, problem);
}

type Listener = (session: Session | null) => void;
const listeners = new Set<Listener>();
let session: Session | null = load();
let refreshTimer: number | undefined;
let refreshing: Promise<void> | null = null;

function load(): Session | null {
  try {
    const stored = JSON.parse(sessionStorage.getItem(storageKey) ?? "null") as Session | null;
    return stored && stored.refreshToken && stored.lifetimeMs > 0 ? stored : null;
  } catch {
    return null;
  }
}

function setSession(next: Session | null) {
  session = next;
  if (next) sessionStorage.setItem(storageKey, JSON.stringify(next));
  else sessionStorage.removeItem(storageKey);
  window.clearTimeout(refreshTimer);
  if (next) {
    refreshTimer = window.setTimeout(() => void refresh().catch(() => undefined), Math.max(0, next.expiresAt - refreshAhead(next) - Date.now()));
  }
  listeners.forEach((listener) => listener(next));
}

// A session kept from before a reload gets its refresh timer again.
if (session) setSession(session);

export function currentSession() {
  return session;
}

export function onSessionChange(listener: Listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function claimsOf(accessToken: string) {
  try {
    const payload = JSON.parse(atob(accessToken.split(".")[1]!.replace(/-/g, "+").replace(/_/g, "/"))) as { email?: string; role?: string };
    return payload;
  } catch {
    return {};
  }
}

function accept(tokens: TokenAnswer, email: string) {
  const lifetimeMs = tokens.expiresIn * 1000;
  setSession({ accessToken: tokens.accessToken, refreshToken: tokens.refreshToken, expiresAt: Date.now() + lifetimeMs, lifetimeMs, email });
}

export async function signIn(email: string, password: string) {
  const response = await fetch(`${base}/users/login`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ email, password }),
  });
  if (!response.ok) {
    const error = await errorOf(response);
    throw response.status === 401 ? new ApiError(401, "Wrong email or password.") : error;
  }
  const tokens = (await response.json()) as TokenAnswer;
  const claims = claimsOf(tokens.accessToken);
  if (claims.role !== "admin") {
    await revoke(tokens);
    throw new ApiError(403, "This account is not an admin: the console is for the shop's admins.");
  }
  accept(tokens, claims.email ?? email);
}

async function revoke(tokens: { accessToken: string; refreshToken: string }) {
  await fetch(`${base}/users/logout`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${tokens.accessToken}` },
    body: JSON.stringify({ refreshToken: tokens.refreshToken }),
  }).catch(() => undefined);
}

/** Rotates the tokens; one refresh at a time (a used refresh token would revoke the whole family). */
export function refresh(): Promise<void> {
  const current = session;
  if (!current) return Promise.reject(new ApiError(401, "Please sign in."));
  refreshing ??= (async () => {
    try {
      const response = await fetch(`${base}/users/refresh`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ refreshToken: current.refreshToken }),
      });
      if (!response.ok) {
        const error = await errorOf(response);
        if (response.status === 401) setSession(null);
        throw error;
      }
      accept((await response.json()) as TokenAnswer, current.email);
    } finally {
      refreshing = null;
    }
  })();
  return refreshing;
}

export async function signOut() {
  const current = session;
  setSession(null);
  if (current) await revoke(current);
}

export interface Answer<T> {
  data: T;
  etag: string | null;
}

/** One API call with the admin's token; a 401 on an expired token is retried once after a refresh. */
export async function call<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer<T>> {
  if (!session) throw new ApiError(401, "Please sign in.");
  if (session.expiresAt - Date.now() < refreshAhead(session) / 2) await refresh();
  const send = () =>
    fetch(`${base}${path}`, {
      method,
      headers: {
        Accept: "application/json",
        ...(body === undefined ? {} : { "Content-Type": "application/json" }),
        Authorization: `Bearer ${session?.accessToken ?? ""}`,
        ...headers,
      },
      body: body === undefined ? null : JSON.stringify(body),
    });
  let response: Response;
  try {
    response = await send();
    if (response.status === 401 && session) {
      await refresh();
      response = await send();
    }
  } catch (error) {
    if (error instanceof ApiError) throw error;
    throw new ApiError(0, "The shop cannot be reached. Check the connection and try again.");
  }
  if (response.status === 401) setSession(null);
  if (!response.ok) throw await errorOf(response);
  const data = response.status === 204 ? (undefined as T) : ((await response.json()) as T);
  return { data, etag: response.headers.get("ETag") };
}

export const get = <T>(path: string) => call<T>("GET", path).then((answer) => answer.data);

/** A query string from the set values only. */
export function query(values: Record<string, string | number | boolean | undefined | null>) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) {
    if (value !== undefined && value !== null && value !== "") params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : "";
}

/** The current access token for a request the console makes itself (the event stream). */
export async function accessToken() {
  if (!session) throw new ApiError(401, "Please sign in.");
  if (session.expiresAt - Date.now() < refreshAhead(session) / 2) await refresh();
  return session.accessToken;
}
