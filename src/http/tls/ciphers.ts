// What drec's HTTPS server negotiates. TLS 1.3 keeps OpenSSL's suites (all AEAD). Under TLS 1.2 only
// forward-secret ECDHE with AEAD ciphers is offered: CBC suites carry the padding-oracle and Lucky13
// family of attacks, and static-RSA key exchange has no forward secrecy. Registries and browsers of the
// last decade all speak one of these.

/** OpenSSL names of the TLS 1.2 suites drec accepts, for ECDSA and RSA certificates. */
export const TLS12_CIPHERS = [
  "ECDHE-ECDSA-AES128-GCM-SHA256",
  "ECDHE-RSA-AES128-GCM-SHA256",
  "ECDHE-ECDSA-AES256-GCM-SHA384",
  "ECDHE-RSA-AES256-GCM-SHA384",
  "ECDHE-ECDSA-CHACHA20-POLY1305",
  "ECDHE-RSA-CHACHA20-POLY1305",
].join(":");

/** TLS settings of the HTTPS server besides the certificate. */
export const TLS_SERVER_OPTIONS = {
  minVersion: "TLSv1.2",
  ciphers: TLS12_CIPHERS,
  honorCipherOrder: true,
} as const;
