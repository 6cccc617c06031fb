import dns from "node:dns/promises";
import os from "node:os";

// The FQDN lookup must never hold up start-up: without a resolver it could wait for DNS timeouts.
const FQDN_LOOKUP_MS = 500;

/**
 * The machine's host name and, when the local resolver knows it, its fully qualified name (what
 * `hostname -f` prints): the names a registry is told to dial, so the development certificate covers them.
 */
export async function machineHostNames(): Promise<string[]> {
  const short = os.hostname();
  if (!short) return [];
  return [short, ...[await fqdn(short)].filter((name): name is string => name !== undefined)];
}

async function fqdn(short: string): Promise<string | undefined> {
  if (short.includes(".")) return undefined;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), FQDN_LOOKUP_MS);
  });
  const lookup = (async () => {
    const { address } = await dns.lookup(short);
    const { hostname } = await dns.lookupService(address, 0);
    // Only a longer form of the same name is its FQDN; 127.0.0.1 reverses to "localhost".
    return hostname.startsWith(`${short}.`) ? hostname : undefined;
  })().catch(() => undefined);
  try {
    return await Promise.race([lookup, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** The hosts a generated development certificate names: the configured ones, then the machine's. */
export async function developmentCertHosts(configured: readonly string[]): Promise<string[]> {
  return [...new Set([...configured, ...(await machineHostNames())])];
}
