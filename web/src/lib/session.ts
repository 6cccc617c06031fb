// Who the dashboard acts as: a pasted API token, a user named by a trusted SSO proxy, or nobody.
import { createContext } from "preact";
import { useCallback, useContext, useEffect, useState } from "preact/hooks";
import { ApiError, execute } from "../api/client";
import { VIEWER, type ViewerData } from "../api/operations";
import type { Viewer } from "../api/types";
import { loadToken, saveToken } from "./token-store";

export interface Session {
  /** The pasted API token, or null (anonymous, or signed in by the SSO proxy). */
  token: string | null;
  /** The signed-in user; null when anonymous or not known yet. */
  viewer: Viewer | null;
  /** How the viewer was identified. */
  via: "token" | "proxy" | null;
  /** False until the first viewer query answered. */
  ready: boolean;
  /** Why a saved token was dropped, shown once. */
  notice: string | null;
  /** Checks a token with the API and keeps it when it names a user; throws an ApiError otherwise. */
  signIn(token: string): Promise<Viewer>;
  signOut(): void;
}

export const SessionContext = createContext<Session | null>(null);

/** The session of the surrounding <SessionContext.Provider>. */
export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error("useSession outside SessionContext");
  return session;
}

async function whoIs(token: string | null): Promise<Viewer | null> {
  const data = await execute<ViewerData>(VIEWER, {}, { token });
  return data.viewer;
}

/** Builds the session state; App provides it to every component. */
export function useSessionState(): Session {
  const [token, setToken] = useState<string | null>(loadToken);
  const [viewer, setViewer] = useState<Viewer | null>(null);
  const [ready, setReady] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    whoIs(token)
      .then((found) => {
        if (!current) return;
        if (token && !found) {
          setNotice("Your saved API token no longer names a user, so you were signed out.");
          saveToken(null);
          setToken(null);
          return;
        }
        setViewer(found);
        setReady(true);
      })
      .catch((err: unknown) => {
        if (!current) return;
        if (token && err instanceof ApiError && err.code === "UNAUTHENTICATED") {
          setNotice("Your saved API token was not accepted, so you were signed out.");
          saveToken(null);
          setToken(null);
          return;
        }
        setViewer(null);
        setReady(true);
      });
    return () => {
      current = false;
    };
  }, [token]);

  const signIn = useCallback(async (candidate: string) => {
    const trimmed = candidate.trim();
    const found = await whoIs(trimmed);
    if (!found) throw new ApiError("That token does not name a user.", "UNAUTHENTICATED");
    saveToken(trimmed);
    setNotice(null);
    setViewer(found);
    setToken(trimmed);
    return found;
  }, []);

  const signOut = useCallback(() => {
    saveToken(null);
    setViewer(null);
    setToken(null);
  }, []);

  return { token, viewer, via: viewer ? (token ? "token" : "proxy") : null, ready, notice, signIn, signOut };
}
