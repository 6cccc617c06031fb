import assert from "node:assert/strict";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import pino from "pino";
import { developmentCertHosts, machineHostNames } from "../../src/http/tls/cert-hosts";
import { ensureCertificate, isDevelopmentCertificate, uncoveredHosts } from "../../src/http/tls/dev-cert";
import { tempDir } from "../support/harness";
import { writeOwnCertificate } from "../support/own-cert";

const log = pino({ level: "silent" });

describe("development certificate", () => {
  it("when no cert exists, then a P-256 cert for localhost and 127.0.0.1 is generated with a 0600 key", async () => {
    const dir = tempDir();
    const tls = await ensureCertificate(path.join(dir, "c/domain.crt"), path.join(dir, "c/domain.key"), log);
    assert.equal(tls.generated, true);
    const cert = new crypto.X509Certificate(tls.cert);
    assert.match(cert.subjectAltName ?? "", /DNS:localhost/);
    assert.match(cert.subjectAltName ?? "", /IP Address:127\.0\.0\.1/);
    assert.equal(cert.publicKey.asymmetricKeyDetails?.namedCurve, "prime256v1");
    assert.ok(cert.checkPrivateKey(crypto.createPrivateKey(tls.key)));
    assert.equal(fs.statSync(path.join(dir, "c/domain.key")).mode & 0o777, 0o600);
  });

  it("when the cert already exists, then it is reused, not regenerated", async () => {
    const dir = tempDir();
    const first = await ensureCertificate(`${dir}/a.crt`, `${dir}/a.key`, log);
    const second = await ensureCertificate(`${dir}/a.crt`, `${dir}/a.key`, log);
    assert.equal(second.generated, false);
    assert.equal(second.cert, first.cert);
  });

  it("when only the key is missing, then it refuses rather than overwrite the cert", async () => {
    const dir = tempDir();
    fs.writeFileSync(`${dir}/only.crt`, "x");
    await assert.rejects(
      ensureCertificate(`${dir}/only.crt`, `${dir}/only.key`, log),
      /only\.key is missing while its pair exists/,
    );
  });
});

describe("development certificate hosts", () => {
  it("when extra hosts are configured, then the generated certificate names them", async () => {
    const dir = tempDir();
    const tls = await ensureCertificate(`${dir}/h.crt`, `${dir}/h.key`, log, ["drec", "10.0.0.5"]);
    const cert = new crypto.X509Certificate(tls.cert);
    assert.match(cert.subjectAltName ?? "", /DNS:drec/);
    assert.match(cert.subjectAltName ?? "", /IP Address:10\.0\.0\.5/);
    assert.doesNotMatch(cert.subjectAltName ?? "", /localhost/);
  });
});

describe("development certificate renewal", () => {
  it("when drec generated the certificate and a configured host is missing from it, then it is regenerated naming it", async () => {
    const dir = tempDir();
    const first = await ensureCertificate(`${dir}/r.crt`, `${dir}/r.key`, log, ["localhost"]);
    assert.ok(isDevelopmentCertificate(first.cert));
    const second = await ensureCertificate(`${dir}/r.crt`, `${dir}/r.key`, log, [
      "localhost",
      "registry-host",
    ]);
    assert.equal(second.generated, true);
    assert.notEqual(second.cert, first.cert);
    assert.deepEqual(uncoveredHosts(second.cert, ["localhost", "registry-host"]), []);
    assert.ok(new crypto.X509Certificate(second.cert).checkPrivateKey(crypto.createPrivateKey(second.key)));
  });

  it("when the certificate is the user's own, then it is never replaced, even if it lacks a configured host", async () => {
    const dir = tempDir();
    const own = await writeOwnCertificate(dir, "own.example");
    assert.equal(isDevelopmentCertificate(own.cert), false);
    const tls = await ensureCertificate(own.certFile, own.keyFile, log, ["localhost", "registry-host"]);
    assert.equal(tls.generated, false);
    assert.equal(tls.cert, own.cert);
    assert.equal(fs.readFileSync(own.keyFile, "utf8"), own.key);
  });
});

describe("development certificate machine names", () => {
  it("when the certificate hosts are computed, then the configured ones come first and the machine's host name is added", async () => {
    const hosts = await developmentCertHosts(["localhost", "127.0.0.1"]);
    assert.deepEqual(hosts.slice(0, 2), ["localhost", "127.0.0.1"]);
    assert.ok(hosts.includes(os.hostname()), hosts.join(","));
    assert.equal(new Set(hosts).size, hosts.length, "no duplicates");
    const names = await machineHostNames();
    assert.equal(names[0], os.hostname());
    for (const name of names.slice(1)) assert.ok(name.startsWith(`${os.hostname()}.`), name);
  });
});
