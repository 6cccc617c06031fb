// A tiny history-API router: "/" is the list, "/repositories/<name>" a repository page, "/namespaces[/<name>]",
// "/activity" and "/cleanup" the report pages. drec answers
// index.html for every such path, so deep links and reloads work.
import { useEffect, useState } from "preact/hooks";

export type Route =
  | { page: "list" }
  | { page: "repository"; name: string }
  | { page: "cleanup" }
  | { page: "namespaces" }
  | { page: "namespace"; name: string }
  | { page: "activity" }
  | { page: "missing" };

const REPOSITORY_PREFIX = "/repositories/";
const NAMESPACE_PREFIX = "/namespaces/";

/** The route for a location's pathname. */
export function routeOf(pathname: string): Route {
  if (pathname === "/" || pathname === "/index.html") return { page: "list" };
  if (pathname === "/cleanup") return { page: "cleanup" };
  if (pathname === "/namespaces") return { page: "namespaces" };
  if (pathname === "/activity") return { page: "activity" };
  if (pathname.startsWith(NAMESPACE_PREFIX) && pathname.length > NAMESPACE_PREFIX.length)
    return { page: "namespace", name: decodeURIComponent(pathname.slice(NAMESPACE_PREFIX.length)) };
  if (pathname.startsWith(REPOSITORY_PREFIX) && pathname.length > REPOSITORY_PREFIX.length)
    return { page: "repository", name: decodeURIComponent(pathname.slice(REPOSITORY_PREFIX.length)) };
  return { page: "missing" };
}

const readablePath = (prefix: string, name: string): string =>
  prefix + name.split("/").map(encodeURIComponent).join("/");

/** The path of a repository's page; the slashes of the name stay readable. */
export const repositoryPath = (name: string): string => readablePath(REPOSITORY_PREFIX, name);

/** The path of a namespace's page, e.g. /namespaces/team/backend. */
export const namespacePath = (name: string): string => readablePath(NAMESPACE_PREFIX, name);

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
