/**
 * A small history-API router: the URL is the state (pages and filters are linkable), links
 * navigate without a reload.
 * @module
 */
import type { ComponentChildren, JSX } from "preact";
import { useEffect, useState } from "preact/hooks";

/** The current location, as the app reads it. */
export interface Location {
  readonly path: string;
  readonly query: URLSearchParams;
}

function current(): Location {
  return { path: window.location.pathname, query: new URLSearchParams(window.location.search) };
}

/** Goes to `href` (a path with an optional query) without a reload. */
export function navigate(href: string, replace = false): void {
  if (replace) window.history.replaceState(null, "", href);
  else window.history.pushState(null, "", href);
  window.dispatchEvent(new Event("app:navigate"));
}

/** The current location; re-renders on navigation (links, back/forward). */
export function useLocation(): Location {
  const [loc, setLoc] = useState(current);
  useEffect(() => {
    const update = (): void => setLoc(current());
    window.addEventListener("popstate", update);
    window.addEventListener("app:navigate", update);
    return () => {
      window.removeEventListener("popstate", update);
      window.removeEventListener("app:navigate", update);
    };
  }, []);
  return loc;
}

/** Props of {@link Link}. */
export interface LinkProps {
  readonly href: string;
  readonly children: ComponentChildren;
  readonly class?: string;
  readonly title?: string;
  readonly style?: Readonly<Record<string, string>>;
  readonly "aria-label"?: string;
  readonly "aria-current"?: "page" | undefined;
}

/** A link that navigates inside the app (a plain link for new tabs, modified clicks). */
export function Link(props: LinkProps): JSX.Element {
  const { href, children, ...rest } = props;
  const onClick = (e: MouseEvent): void => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(href);
    window.scrollTo(0, 0);
  };
  return (
    <a href={href} onClick={onClick} {...rest}>
      {children}
    </a>
  );
}

/** Path of a run page. */
export function runHref(flow: string, run: string): string {
  return `/runs/${encodeURIComponent(flow)}/${encodeURIComponent(run)}`;
}

/** Path of a task page. */
export function taskHref(pathspec: string, attempt?: number): string {
  const path = `/tasks/${pathspec.split("/").map(encodeURIComponent).join("/")}`;
  return attempt === undefined ? path : `${path}?attempt=${attempt}`;
}
