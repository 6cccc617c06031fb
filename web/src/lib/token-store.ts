// The pasted API token lives in this browser's local storage, nowhere else.
const KEY = "drec.apiToken";

export function loadToken(): string | null {
  try {
    return window.localStorage.getItem(KEY);
  } catch {
    return null;
  }
}

export function saveToken(token: string | null): void {
  try {
    if (token) window.localStorage.setItem(KEY, token);
    else window.localStorage.removeItem(KEY);
  } catch {
    // storage disabled (private mode, policy): the token lasts for this page only
  }
}
