import assert from "node:assert/strict";
import path from "node:path";
import { describe, it } from "node:test";
import pino from "pino";
import { registrySetupText } from "../../../src/ingest/registry-setup";
import { ensureCertificate } from "../../../src/http/tls/dev-cert";
import { tempDir } from "../../support/harness";
import { writeOwnCertificate } from "../../support/own-cert";

const setup = (certFile: string) => ({
  url: "https://builder:5443/events",
  token: "a-generated-token-0123456789",
  tokenFile: "/srv/drec/data/ingest-token",
  certFile,
});

describe("registry setup text", () => {
  it("when drec generated the certificate, then the text names it and gives the SSL_CERT_FILE line", async () => {
    const dir = tempDir();
    await ensureCertificate(`${dir}/domain.crt`, `${dir}/domain.key`, pino({ level: "silent" }), ["builder"]);
    const text = registrySetupText(setup(path.join(dir, "domain.crt")));
    assert.match(text, /^ {6}url: https:\/\/builder:5443\/events$/m);
    assert.match(text, /^ {8}Authorization: \[Bearer a-generated-token-0123456789\]$/m);
    assert.ok(text.includes(`\nSSL_CERT_FILE=${dir}/domain.crt registry serve `), text);
  });

  it("when the certificate is the user's own, then the text names it but suggests no SSL_CERT_FILE", async () => {
    const dir = tempDir();
    const own = await writeOwnCertificate(dir, "builder");
    const text = registrySetupText(setup(own.certFile));
    assert.ok(
      text.includes(`drec's certificate is ${dir}/own.crt; the registry must trust its issuer.`),
      text,
    );
    assert.doesNotMatch(text, /SSL_CERT_FILE/);
  });
});
