import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import selfsigned from "selfsigned";
import type { Logger } from "../logger";

/** PEM certificate and key for the HTTPS server. */
export interface TlsFiles {
  cert: string;
  key: string;
  /** True when this call generated them. */
  generated: boolean;
}

/** Reads the certificate and key, generating a self-signed development pair when both are missing. */
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
  if (!haveCert) {
    await generate(certPath, keyPath, hosts);
    log.warn(
      { cert: path.resolve(certPath), key: path.resolve(keyPath), hosts },
      "generated a self-signed development certificate; use a real one in production",
    );
  }
  return {
    cert: fs.readFileSync(certPath, "utf8"),
    key: fs.readFileSync(keyPath, "utf8"),
    generated: !haveCert,
  };
}

// ECDSA P-256 keeps fresh TLS handshakes cheap: registries open one connection per event.
async function generate(certPath: string, keyPath: string, hosts: string[]): Promise<void> {
  const notAfter = new Date();
  notAfter.setFullYear(notAfter.getFullYear() + 1);
  const pems = await selfsigned.generate([{ name: "commonName", value: hosts[0] }], {
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
  });
  fs.mkdirSync(path.dirname(certPath), { recursive: true });
  fs.mkdirSync(path.dirname(keyPath), { recursive: true });
  fs.writeFileSync(keyPath, pems.private, { mode: 0o600 });
  fs.chmodSync(keyPath, 0o600);
  fs.writeFileSync(certPath, pems.cert, { mode: 0o644 });
}
