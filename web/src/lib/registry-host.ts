/**
 * The registry's host for `docker pull` lines: the address drec is configured with
 * (dashboard.registry_address, served as Query.registry.address), else the host name drec is
 * reached by, without drec's own port, which is not the registry's.
 */
export function registryHost(address: string | null): string {
  return address || window.location.hostname;
}
