import { useState } from "preact/hooks";
import { explorerEnabled, graphqlPath } from "../api/client";
import { useSession } from "../lib/session";
import { Link } from "./Link";
import { LiveIndicator } from "./LiveIndicator";
import { SignInDialog } from "./SignInDialog";

/** The top bar: home link, live status, and who is signed in. */
export function Header() {
  const session = useSession();
  const [signingIn, setSigningIn] = useState(false);
  return (
    <header class="topbar">
      <div class="topbar-inner">
        <Link href="/" class="brand">
          <span class="brand-mark" aria-hidden="true">
            ◆
          </span>
          drec
        </Link>
        <LiveIndicator />
        <Link href="/namespaces" class="explorer-link">
          Namespaces
        </Link>
        <Link href="/activity" class="explorer-link">
          Activity
        </Link>
        <Link href="/cleanup" class="explorer-link">
          Cleanup candidates
        </Link>
        {/* A full page load: drec serves GraphiQL at the API's own address (graphql.explorer). */}
        {explorerEnabled && (
          <a href={graphqlPath} class="explorer-link">
            API explorer
          </a>
        )}
        <div class="account">
          {session.viewer ? (
            <>
              <span class="account-name" data-viewer={session.viewer.name}>
                Signed in as <strong>{session.viewer.name}</strong>
                {session.via === "proxy" && <span class="muted"> (single sign-on)</span>}
              </span>
              {session.via === "token" && (
                <button type="button" class="button button-quiet" onClick={session.signOut}>
                  Sign out
                </button>
              )}
            </>
          ) : (
            <button type="button" class="button" onClick={() => setSigningIn(true)} disabled={!session.ready}>
              Sign in
            </button>
          )}
        </div>
      </div>
      {session.notice && (
        <p class="notice" role="status">
          {session.notice}
        </p>
      )}
      <SignInDialog open={signingIn} onClose={() => setSigningIn(false)} />
    </header>
  );
}
