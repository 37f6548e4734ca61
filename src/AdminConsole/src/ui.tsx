import type { ComponentChildren } from "preact";
import { useEffect, useState } from "preact/hooks";
import { ApiError } from "./api";
import { lastEventAt, onLiveState, onShopEvent, type ShopEvent } from "./events";

/** A failed call as one readable line, announced to screen readers. */
export function ErrorNote({ error }: { error: unknown }) {
  if (!error) return null;
  const text = error instanceof ApiError || error instanceof Error ? error.message : String(error);
  return (
    <p class="note error" role="alert">
      {text}
    </p>
  );
}

export function Notice({ children }: { children: ComponentChildren }) {
  return (
    <p class="note ok" role="status">
      {children}
    </p>
  );
}

export function StatusBadge({ status }: { status: string }) {
  return <span class={`badge badge-${status}`}>{status}</span>;
}

/** The pages of a list, and what to say when the list is empty. */
export function Pager({ page, pageSize, total, empty, onPage }: { page: number; pageSize: number; total: number; empty: string; onPage: (page: number) => void }) {
  const last = Math.max(1, Math.ceil(total / pageSize));
  return (
    <>
    {total === 0 && <p>{empty}</p>}
    <nav class="pager" aria-label="Pages">
      <button type="button" disabled={page <= 1} onClick={() => onPage(page - 1)}>
        Previous
      </button>
      <span aria-live="polite">
        Page {page} of {last} ({total} in all)
      </span>
      <button type="button" disabled={page >= last} onClick={() => onPage(page + 1)}>
        Next
      </button>
    </nav>
    </>
  );
}

export interface Loaded<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
}

/** Runs `load` whenever a dependency changes (or reload() is called); the newest answer wins. */
export function useLoad<T>(load: () => Promise<T>, dependencies: unknown[]): Loaded<T> {
  const [state, setState] = useState<{ data: T | undefined; error: unknown; loading: boolean }>({ data: undefined, error: null, loading: true });
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    let current = true;
    setState((previous) => ({ ...previous, loading: true }));
    load().then(
      (data) => current && setState({ data, error: null, loading: false }),
      (error: unknown) => current && setState((previous) => ({ data: previous.data, error, loading: false })),
    );
    return () => {
      current = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...dependencies, generation]);
  return { ...state, reload: () => setGeneration((value) => value + 1) };
}

/**
 * Calls `reload` when live events that `matches` arrive, at most once per `delayMs` (a burst is one reload), and when
 * the feed (re)connects after the view was shown: the feed replays nothing, so an event sent before its subscription
 * was in place (a view loaded while the feed was still connecting, or during a reconnect) would otherwise never
 * refresh what the view shows. With `settleMs`, also once more that long after the last matching event: for a view read
 * from the search index, which may take in a change later than its event arrives (a busy shop's refresh interval). That
 * holds for an event that arrived before the view was shown too (a product created on its edit page, then the catalog
 * opened at once): the view reads once more when `settleMs` have passed since that event.
 */
export function useReloadOn(matches: (event: ShopEvent) => boolean, reload: () => void, key = "", delayMs = 300, settleMs = 0) {
  useEffect(() => {
    let pending: number | undefined;
    let settling: number | undefined;
    const reloadSoon = () => {
      pending ??= window.setTimeout(() => {
        pending = undefined;
        reload();
      }, delayMs);
    };
    const off = onShopEvent((event) => {
      if (!matches(event)) return;
      reloadSoon();
      if (settleMs > 0) {
        window.clearTimeout(settling);
        settling = window.setTimeout(reload, settleMs);
      }
    });
    const last = settleMs > 0 ? lastEventAt(matches) : undefined;
    if (last !== undefined && Date.now() - last < settleMs) {
      settling = window.setTimeout(reload, last + settleMs - Date.now());
    }
    let live: boolean | undefined;
    const offState = onLiveState((state) => {
      const wasLive = live;
      live = state === "live";
      if (live && wasLive === false) reloadSoon();
    });
    return () => {
      off();
      offState();
      window.clearTimeout(pending);
      window.clearTimeout(settling);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
}
