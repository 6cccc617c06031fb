// A tiny history-API router: "/" is the list, "/repositories/<name>" a repository page. drec answers
// index.html for every such path, so deep links and reloads work.
import { useEffect, useState } from "preact/hooks";

export type Route =
  { page: "list" } | { page: "repository"; name: string } | { page: "cleanup" } | { page: "missing" };

const REPOSITORY_PREFIX = "/repositories/";

/** The route for a location's pathname. */
export function routeOf(pathname: string): Route {
  if (pathname === "/" || pathname === "/index.html") return { page: "list" };
  if (pathname === "/cleanup") return { page: "cleanup" };
  if (pathname.startsWith(REPOSITORY_PREFIX) && pathname.length > REPOSITORY_PREFIX.length)
    return { page: "repository", name: decodeURIComponent(pathname.slice(REPOSITORY_PREFIX.length)) };
  return { page: "missing" };
}

/** The path of a repository's page; the slashes of the name stay readable. */
export const repositoryPath = (name: string): string =>
  REPOSITORY_PREFIX + name.split("/").map(encodeURIComponent).join("/");

const NAVIGATE = "drec:navigate";

/** Goes to a path inside the dashboard without reloading. */
export function navigate(href: string, options: { replace?: boolean } = {}): void {
  if (options.replace) window.history.replaceState(null, "", href);
  else window.history.pushState(null, "", href);
  window.dispatchEvent(new Event(NAVIGATE));
}

/** The current location, re-rendering on navigation and back/forward. */
export function useLocation(): URL {
  const [url, setUrl] = useState(() => new URL(window.location.href));
  useEffect(() => {
    const update = () => setUrl(new URL(window.location.href));
    window.addEventListener("popstate", update);
    window.addEventListener(NAVIGATE, update);
    return () => {
      window.removeEventListener("popstate", update);
      window.removeEventListener(NAVIGATE, update);
    };
  }, []);
  return url;
}
