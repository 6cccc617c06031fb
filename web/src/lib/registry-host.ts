// The registry's host for `docker pull` lines. drec writes it into index.html when it knows it;
// otherwise the registry is assumed to answer on the host name drec is reached by.
export function registryHost(): string {
  const meta = document.querySelector<HTMLMetaElement>('meta[name="drec:registry-host"]')?.content;
  return meta || window.location.hostname;
}
