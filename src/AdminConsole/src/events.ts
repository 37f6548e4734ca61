// The live feed: GET /api/v1/admin/events read with fetch (an EventSource cannot send the bearer token), parsed as
// server-sent events, reconnected with a fresh token whenever the stream ends (the server ends it when the token expires).

import { accessToken } from "./api";

export interface ShopEvent {
  type: string;
  id: string;
  occurredAt: string;
  version: number;
  payload: {
    order?: { id: string; status: string; total: number; currency: string; customerEmail?: string; createdAt: string };
    product?: { id: string; name: string; stock: number };
    productId?: string;
    from?: string;
    to?: string;
  };
}

export type LiveState = "connecting" | "live" | "offline";

type Handler = (event: ShopEvent) => void;
const handlers = new Set<Handler>();
const stateHandlers = new Set<(state: LiveState) => void>();
const seen: string[] = [];
/** The events of the last minute or so, with when they arrived: a view shown after an event can still settle on it. */
const recent: { event: ShopEvent; at: number }[] = [];
const recentMs = 60_000;
let running: AbortController | null = null;
let state: LiveState = "offline";

export function onShopEvent(handler: Handler) {
  handlers.add(handler);
  return () => handlers.delete(handler);
}

/** When the newest event that `matches` arrived (Date.now() time), if one arrived in the last minute. */
export function lastEventAt(matches: (event: ShopEvent) => boolean): number | undefined {
  for (let i = recent.length - 1; i >= 0; i--) {
    if (matches(recent[i]!.event)) return recent[i]!.at;
  }
  return undefined;
}

export function onLiveState(handler: (state: LiveState) => void) {
  stateHandlers.add(handler);
  handler(state);
  return () => stateHandlers.delete(handler);
}

function setState(next: LiveState) {
  state = next;
  stateHandlers.forEach((handler) => handler(next));
}

function deliver(data: string, id: string) {
  // Events may come twice (at-least-once delivery behind the feed): keep the recent ids.
  if (id && seen.includes(id)) return;
  if (id) {
    seen.push(id);
    if (seen.length > 500) seen.shift();
  }
  try {
    const event = JSON.parse(data) as ShopEvent;
    const now = Date.now();
    while (recent.length > 0 && (now - recent[0]!.at > recentMs || recent.length >= 500)) recent.shift();
    recent.push({ event, at: now });
    handlers.forEach((handler) => handler(event));
  } catch {
    // a malformed event is skipped, not fatal
  }
}

async function readStream(signal: AbortSignal) {
  const response = await fetch("/api/v1/admin/events", {
    headers: { Accept: "text/event-stream", Authorization: `Bearer ${await accessToken()}` },
    signal,
  });
  if (!response.ok || !response.body) throw new Error(`events: ${response.status}`);
  setState("live");
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let end: number;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let data = "";
      let id = "";
      for (const line of block.split("\n")) {
        if (line.startsWith("data:")) data += line.slice(5).trimStart();
        else if (line.startsWith("id:")) id = line.slice(3).trim();
      }
      if (data) deliver(data, id);
    }
  }
}

/** Starts the feed (once); it keeps reconnecting until stopLive(). */
export function startLive() {
  if (running) return;
  const controller = new AbortController();
  running = controller;
  void (async () => {
    let delay = 1000;
    while (!controller.signal.aborted) {
      setState("connecting");
      try {
        await readStream(controller.signal);
        delay = 1000;
      } catch {
        if (controller.signal.aborted) break;
        setState("offline");
        await new Promise((resolve) => setTimeout(resolve, delay));
        delay = Math.min(delay * 2, 30_000);
      }
    }
  })();
}

export function stopLive() {
  running?.abort();
  running = null;
  setState("offline");
}
