import { routeOf, useLocation } from "../lib/router";
import { SessionContext, useSessionState } from "../lib/session";
import { ActivityPage } from "./ActivityPage";
import { CleanupPage } from "./CleanupPage";
import { Header } from "./Header";
import { Link } from "./Link";
import { ListPage } from "./ListPage";
import { Message } from "./Message";
import { NamespacePage } from "./NamespacePage";
import { NamespacesPage } from "./NamespacesPage";
import { RepositoryPage } from "./RepositoryPage";

/** The dashboard: session, top bar and the page for the current path. */
export function App() {
  const session = useSessionState();
  const location = useLocation();
  const route = routeOf(location.pathname);
  return (
    <SessionContext.Provider value={session}>
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <Header />
      <main id="main" class="page" tabIndex={-1}>
        {route.page === "list" ? (
          <ListPage search={location.searchParams} />
        ) : route.page === "cleanup" ? (
          <CleanupPage search={location.searchParams} />
        ) : route.page === "namespaces" ? (
          <NamespacesPage />
        ) : route.page === "namespace" ? (
          <NamespacePage key={route.name} name={route.name} search={location.searchParams} />
        ) : route.page === "activity" ? (
          <ActivityPage search={location.searchParams} />
        ) : route.page === "repository" ? (
          <RepositoryPage key={route.name} name={route.name} search={location.searchParams} />
        ) : (
          <Message title="Page not found" action={<Link href="/">See all repositories</Link>}>
            <p>There is no dashboard page at this address.</p>
          </Message>
        )}
      </main>
    </SessionContext.Provider>
  );
}
