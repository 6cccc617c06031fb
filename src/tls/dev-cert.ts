import fs from "node:fs";
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
export async function ensureCertificate(certPath: string, keyPath: string, log: Logger): Promise<TlsFiles> {
  const haveCert = fs.existsSync(certPath);
  const haveKey = fs.existsSync(keyPath);
  if (haveCert !== haveKey) {
    const missing = haveCert ? keyPath : certPath;
    throw new Error(`TLS: ${missing} is missing while its pair exists; provide both or neither`);
  }
  if (!haveCert) {
    await generate(certPath, keyPath);
    log.warn(
      { cert: path.resolve(certPath), key: path.resolve(keyPath) },
      "generated a self-signed development certificate for localhost and 127.0.0.1; use a real one in production",
    );
  }
  return {
    cert: fs.readFileSync(certPath, "utf8"),
    key: fs.readFileSync(keyPath, "utf8"),
    generated: !haveCert,
  };
}

// ECDSA P-256 keeps fresh TLS handshakes cheap: registries open one connection per event.
async function generate(certPath: string, keyPath: string): Promise<void> {
  const notAfter = new Date();
  notAfter.setFullYear(notAfter.getFullYear() + 1);
  const pems = await selfsigned.generate([{ name: "commonName", value: "localhost" }], {
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
        altNames: [
          { type: 2, value: "localhost" },
          { type: 7, ip: "127.0.0.1" },
          { type: 7, ip: "::1" },
        ],
      },
    ],
  });
  fs.mkdirSync(path.dirname(certPath), { recursive: true });
  fs.mkdirSync(path.dirname(keyPath), { recursive: true });
  fs.writeFileSync(keyPath, pems.private, { mode: 0o600 });
  fs.chmodSync(keyPath, 0o600);
  fs.writeFileSync(certPath, pems.cert, { mode: 0o644 });
}
