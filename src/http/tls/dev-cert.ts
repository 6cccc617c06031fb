import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import selfsigned from "selfsigned";
import type { Logger } from "../../logger";

/** PEM certificate and key for the HTTPS server. */
export interface TlsFiles {
  cert: string;
  key: string;
  /** True when this call generated them. */
  generated: boolean;
}

// Written into the subject of every certificate drec generates. Only such a certificate is ever
// replaced: one the user provided is theirs, whatever names it carries.
const DEV_CERT_ORGANIZATION = "drec development certificate";

/** True when `certPem` is a development certificate drec generated. */
export function isDevelopmentCertificate(certPem: string): boolean {
  try {
    return new crypto.X509Certificate(certPem).subject.split("\n").includes(`O=${DEV_CERT_ORGANIZATION}`);
  } catch {
    return false;
  }
}

/** The hosts of `hosts` that `certPem` does not cover. */
export function uncoveredHosts(certPem: string, hosts: readonly string[]): string[] {
  const cert = new crypto.X509Certificate(certPem);
  return hosts.filter((host) => (net.isIP(host) ? !cert.checkIP(host) : !cert.checkHost(host)));
}

/**
 * Reads the certificate and key, generating a self-signed development pair when both are missing, or
 * when drec generated the existing pair and it does not name every host of `hosts` (the configured
 * hosts or the machine's name changed). A certificate drec did not generate is never replaced.
 */
export async function ensureCertificate(
  certPath: string,
  keyPath: string,
  log: Logger,
  hosts: string[] = ["localhost", "127.0.0.1", "::1"],
): Promise<TlsFiles> {
  const haveCert = fs.existsSync(certPath);
  const haveKey = fs.existsSync(keyPath);
  if (haveCert !== haveKey) {
    const missing = haveCert ? keyPath : certPath;
    throw new Error(`TLS: ${missing} is missing while its pair exists; provide both or neither`);
  }
  const stale = haveCert ? staleDevelopmentHosts(fs.readFileSync(certPath, "utf8"), hosts) : [];
  const generating = !haveCert || stale.length > 0;
  if (generating) {
    await generate(certPath, keyPath, hosts);
    log.warn(
      {
        cert: path.resolve(certPath),
        key: path.resolve(keyPath),
        hosts,
        ...(stale.length ? { missing: stale } : {}),
      },
      haveCert
        ? "regenerated the self-signed development certificate: it did not name every host"
        : "generated a self-signed development certificate; use a real one in production",
    );
  }
  return {
    cert: fs.readFileSync(certPath, "utf8"),
    key: fs.readFileSync(keyPath, "utf8"),
    generated: generating,
  };
}

// The hosts a development certificate of drec's lacks; none for a certificate drec did not generate.
function staleDevelopmentHosts(certPem: string, hosts: readonly string[]): string[] {
  return isDevelopmentCertificate(certPem) ? uncoveredHosts(certPem, hosts) : [];
}

// ECDSA P-256 keeps fresh TLS handshakes cheap: registries open one connection per event.
async function generate(certPath: string, keyPath: string, hosts: string[]): Promise<void> {
  const notAfter = new Date();
  notAfter.setFullYear(notAfter.getFullYear() + 1);
  const pems = await selfsigned.generate(
    [
      { name: "commonName", value: hosts[0] },
      { name: "organizationName", value: DEV_CERT_ORGANIZATION },
    ],
    {
      keyType: "ec",
      curve: "P-256",
      algorithm: "sha256",
      notAfterDate: notAfter,
      extensions: [
        { name: "basicConstraints", cA: false },
        { name: "keyUsage", digitalSignature: true, keyEncipherment: true },
        { name: "extKeyUsage", serverAuth: true },
        {
          name: "subjectAltName",
          altNames: hosts.map((host) => (net.isIP(host) ? { type: 7, ip: host } : { type: 2, value: host })),
        },
      ],
    },
  );
  fs.mkdirSync(path.dirname(certPath), { recursive: true });
  fs.mkdirSync(path.dirname(keyPath), { recursive: true });
  fs.writeFileSync(keyPath, pems.private, { mode: 0o600 });
  fs.chmodSync(keyPath, 0o600);
  fs.writeFileSync(certPath, pems.cert, { mode: 0o644 });
}
