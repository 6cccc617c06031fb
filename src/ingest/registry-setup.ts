import fs from "node:fs";
import path from "node:path";
import { isDevelopmentCertificate } from "../http/tls/dev-cert";

/** What the one-time registry setup text names. */
export interface RegistrySetup {
  /** The events URL the registry is to dial. */
  url: string;
  token: string;
  /** Where the generated token is stored. */
  tokenFile: string;
  /** drec's certificate (server.ssl.cert), as configured. */
  certFile: string;
}

/**
 * The text shown once after generating a token: a distribution `notifications:` block to paste, and
 * how to start the registry so that it trusts drec's certificate. Pasted as printed, it must work.
 */
export function registrySetupText(setup: RegistrySetup): string {
  const cert = path.resolve(setup.certFile);
  return [
    "",
    `drec generated an ingest token and stored it in ${setup.tokenFile} (mode 0600).`,
    "Add this to the registry's config.yml (CNCF distribution) so it sends its events here:",
    "",
    "notifications:",
    "  events:",
    "    includereferences: true",
    "  endpoints:",
    "    - name: drec",
    `      url: ${setup.url}`,
    "      headers:",
    `        Authorization: [Bearer ${setup.token}]`,
    "      timeout: 2s",
    "      threshold: 5",
    "      backoff: 1s",
    "",
    ...trustText(cert),
    "This is the only time the token is shown; it is also in the file above.",
    "",
  ].join("\n");
}

// SSL_CERT_FILE replaces the registry's trusted roots, so it is suggested only for drec's self-signed
// certificate: with a CA-issued one it would make every other TLS peer of the registry untrusted.
function trustText(cert: string): string[] {
  let pem: string;
  try {
    pem = fs.readFileSync(cert, "utf8");
  } catch {
    return [`The registry must trust drec's certificate (${cert}).`];
  }
  if (!isDevelopmentCertificate(pem))
    return [`drec's certificate is ${cert}; the registry must trust its issuer.`, ""];
  return [
    `drec's certificate is its self-signed development certificate ${cert}.`,
    "Start the registry trusting it (Go reads SSL_CERT_FILE), e.g.:",
    "",
    `SSL_CERT_FILE=${cert} registry serve /etc/docker/registry/config.yml`,
    "",
    "In a container, mount that file and set SSL_CERT_FILE to its path inside. The certificate names",
    "this machine's host name; add others the registry dials to server.ssl.dev_cert_hosts.",
    "",
  ];
}
