import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { ConfigError, loadConfig } from "../../src/config/config";
import { redact, redactUri } from "../../src/config/redact";
import { tempDir } from "../support/harness";

function writeYaml(text: string): string {
  const file = path.join(tempDir(), "config.yml");
  fs.writeFileSync(file, text);
  return file;
}

const expectConfigError = (fn: () => unknown, pattern: RegExp) =>
  assert.throws(fn, (err: unknown) => err instanceof ConfigError && pattern.test(err.message));

describe("config loading", () => {
  it("when no file and no env is given, then the documented defaults apply", () => {
    const config = loadConfig({ env: {} });
    assert.equal(config.server.address, "0.0.0.0");
    assert.equal(config.server.port, 5443);
    assert.equal(config.server.route, "/events");
    assert.equal(config.server.ssl.cert, "certs/domain.crt");
    assert.equal(config.server.ssl.cert_key, "certs/domain.key");
    assert.equal(config.mongodb.uri, "");
    assert.equal(config.mongodb.database, "docker-registry-db");
    assert.equal(config.mongodb.collection, "registry-stats");
    assert.equal(config.mongodb.embedded.dir, "data");
    assert.equal(config.mongodb.embedded.port, 0);
    assert.equal(config.graphql.path, "/graphql");
    assert.equal(config.ingest.max_body_bytes, 1024 * 1024);
    assert.equal(config.ingest.retention_days, 90);
    assert.deepEqual(config.ingest.tokens, []);
  });

  it("when the repository's config.yml is loaded, then it is valid and matches the defaults", () => {
    const file = path.resolve(__dirname, "../../../config.yml");
    const config = loadConfig({ file, required: true, env: {} });
    assert.deepEqual(config, loadConfig({ env: {} }));
  });

  it("when the YAML sets keys, then they override the defaults", () => {
    const file = writeYaml("server:\n  port: 8443\n  route: /hooks\nmongodb:\n  database: stats\n");
    const config = loadConfig({ file, env: {} });
    assert.equal(config.server.port, 8443);
    assert.equal(config.server.route, "/hooks");
    assert.equal(config.mongodb.database, "stats");
  });

  it("when a named config file is missing, then the error names the file", () => {
    expectConfigError(
      () => loadConfig({ file: "/nonexistent/drec.yml", required: true, env: {} }),
      /cannot read config file \/nonexistent\/drec.yml/,
    );
  });

  it("when the file is not YAML, then the error says so", () => {
    expectConfigError(() => loadConfig({ file: writeYaml("server: [unclosed"), env: {} }), /not valid YAML/);
  });

  it("when the file is a list instead of a mapping, then the error says what is expected", () => {
    expectConfigError(() => loadConfig({ file: writeYaml("- a\n- b\n"), env: {} }), /must be a YAML mapping/);
  });

  it("when the port is out of range, then the error names server.port", () => {
    expectConfigError(
      () => loadConfig({ file: writeYaml("server:\n  port: 70000\n"), env: {} }),
      /^server\.port: .*65535/,
    );
  });

  it("when a value has the wrong type, then the error names the key and the file", () => {
    const file = writeYaml("ingest:\n  allow_anonymous: maybe\n");
    expectConfigError(
      () => loadConfig({ file, env: {} }),
      /ingest\.allow_anonymous: .*boolean.*\(in .*config\.yml\)/,
    );
  });

  it("when an unknown key is present, then the error names it", () => {
    expectConfigError(
      () => loadConfig({ file: writeYaml("server:\n  prot: 1\n"), env: {} }),
      /server: unknown key\(s\) "prot"/,
    );
  });

  it("when the route is not an absolute path, then the error names server.route", () => {
    expectConfigError(
      () => loadConfig({ file: writeYaml("server:\n  route: events\n"), env: {} }),
      /server\.route: must be an absolute URL path/,
    );
  });

  it("when an ingest token is too short, then the error says how long it must be", () => {
    expectConfigError(
      () => loadConfig({ env: { DREC_INGEST_TOKENS: "short" } }),
      /ingest\.tokens\.0: tokens must be at least 16 characters/,
    );
  });

  it("when the log level is unknown, then the error lists the choices", () => {
    expectConfigError(() => loadConfig({ env: { DREC_LOG_LEVEL: "loud" } }), /log\.level: .*"info"/);
  });

  it("when a secret-bearing config is redacted, then no token or password remains", () => {
    const config = loadConfig({
      env: {
        DREC_INGEST_TOKENS: "ingest-token-aaaaaaaaaaaa",
        DREC_INGEST_SOURCES: '[{"name":"harbor","tokens":["source-token-cccccccccccc"]}]',
        DREC_API_TOKENS: "alice:api-token-bbbbbbbbbbbbbb",
        DREC_MONGODB_URI: "mongodb://user:pa55word@db.example:27017/",
      },
    });
    const text = JSON.stringify(redact(config));
    for (const secret of [
      "ingest-token-aaaaaaaaaaaa",
      "source-token-cccccccccccc",
      "api-token-bbbbbbbbbbbbbb",
      "pa55word",
    ]) {
      assert.ok(!text.includes(secret), `${secret} leaked`);
    }
    assert.match(text, /alice/);
    assert.equal(redactUri("mongodb://u:p@h/"), "mongodb://u:<redacted>@h/");
  });
});

describe("environment overrides", () => {
  it("when DREC_ variables are set, then they win over the file", () => {
    const file = writeYaml("server:\n  port: 8443\n");
    const config = loadConfig({
      file,
      env: {
        DREC_SERVER_PORT: "9443",
        DREC_SERVER_ADDRESS: "127.0.0.1",
        DREC_SERVER_SSL_CERT_KEY: "/k.pem",
        DREC_INGEST_TOKENS: "token-one-aaaaaaaaaaa, token-two-bbbbbbbbbbb",
        DREC_INGEST_ALLOW_ANONYMOUS: "true",
        DREC_MONGODB_EMBEDDED_DIR: "/var/lib/drec",
        DREC_API_TOKENS: "alice:tokA-aaaaaaaaaaaaaaa,bob:tokB-bbbbbbbbbbbbbbb",
        DREC_GRAPHQL_PATH: "/api",
      },
    });
    assert.equal(config.server.port, 9443);
    assert.equal(config.server.address, "127.0.0.1");
    assert.equal(config.server.ssl.cert_key, "/k.pem");
    assert.deepEqual(config.ingest.tokens, ["token-one-aaaaaaaaaaa", "token-two-bbbbbbbbbbb"]);
    assert.equal(config.ingest.allow_anonymous, true);
    assert.equal(config.mongodb.embedded.dir, "/var/lib/drec");
    assert.deepEqual(config.api.tokens, { alice: "tokA-aaaaaaaaaaaaaaa", bob: "tokB-bbbbbbbbbbbbbbb" });
    assert.equal(config.graphql.path, "/api");
  });

  it("when MONGODB_URI is set, then it is used as an alias of DREC_MONGODB_URI", () => {
    assert.equal(loadConfig({ env: { MONGODB_URI: "mongodb://h:1/" } }).mongodb.uri, "mongodb://h:1/");
  });

  it("when both MONGODB_URI and DREC_MONGODB_URI are set, then DREC_MONGODB_URI wins", () => {
    const env = { MONGODB_URI: "mongodb://alias/", DREC_MONGODB_URI: "mongodb://drec/" };
    assert.equal(loadConfig({ env }).mongodb.uri, "mongodb://drec/");
  });

  it("when a numeric variable is not a number, then the error names the variable", () => {
    expectConfigError(
      () => loadConfig({ env: { DREC_SERVER_PORT: "https" } }),
      /DREC_SERVER_PORT: expected a number, got "https"/,
    );
  });

  it("when a numeric variable is out of range, then the error names the key and the variable", () => {
    expectConfigError(
      () => loadConfig({ env: { DREC_SERVER_PORT: "-1" } }),
      /server\.port: .*\(from DREC_SERVER_PORT\)/,
    );
  });

  it("when a boolean variable is not a boolean, then the error names the variable", () => {
    expectConfigError(
      () => loadConfig({ env: { DREC_INGEST_ALLOW_ANONYMOUS: "perhaps" } }),
      /DREC_INGEST_ALLOW_ANONYMOUS: expected true or false/,
    );
  });

  it("when a map variable lacks the name:value form, then the error shows the bad pair", () => {
    expectConfigError(
      () => loadConfig({ env: { DREC_API_TOKENS: "alice" } }),
      /DREC_API_TOKENS: expected "name:value" pairs, got "alice"/,
    );
  });

  it("when the registry address comes from the environment, then host:port is taken and a URL refused", () => {
    const env = { DREC_DASHBOARD_REGISTRY_ADDRESS: "registry.example.com:5000" };
    assert.equal(loadConfig({ env }).dashboard.registry_address, "registry.example.com:5000");
    assert.equal(loadConfig({ env: {} }).dashboard.registry_address, "");
    expectConfigError(
      () => loadConfig({ env: { DREC_DASHBOARD_REGISTRY_ADDRESS: "https://registry.example.com:5000" } }),
      /dashboard\.registry_address: must be host\[:port\].*\(from DREC_DASHBOARD_REGISTRY_ADDRESS\)/,
    );
  });

  it("when DREC_INGEST_SOURCES holds JSON, then it sets ingest.sources with format auto by default", () => {
    const env = {
      DREC_INGEST_SOURCES:
        '[{"name":"harbor","tokens":["harbor-token-0123456789"],"format":"harbor"},' +
        '{"name":"zot","tokens":["zot-token-0123456789ab"]}]',
    };
    assert.deepEqual(loadConfig({ env }).ingest.sources, [
      { name: "harbor", tokens: ["harbor-token-0123456789"], format: "harbor" },
      { name: "zot", tokens: ["zot-token-0123456789ab"], format: "auto" },
    ]);
  });

  it("when DREC_INGEST_SOURCES is not JSON, then the error names the variable", () => {
    expectConfigError(
      () => loadConfig({ env: { DREC_INGEST_SOURCES: "harbor" } }),
      /DREC_INGEST_SOURCES: expected JSON/,
    );
  });

  it("when two sources share a token or a name, or a name holds a colon, then the error says which", () => {
    const source = (name: string) => ({ name, tokens: ["shared-token-0123456789"] });
    const json = (value: unknown) => ({ DREC_INGEST_SOURCES: JSON.stringify(value) });
    expectConfigError(() => loadConfig({ env: json([source("a"), source("b")]) }), /one source only/);
    expectConfigError(
      () => loadConfig({ env: json([source("a"), { ...source("a"), tokens: ["other-token-0123456789"] }]) }),
      /listed twice/,
    );
    expectConfigError(() => loadConfig({ env: json([source("a:b")]) }), /ingest\.sources\.0\.name/);
  });

  it("when ingest.tokens are set and a listed source is named default, then the config is refused", () => {
    const env = {
      DREC_INGEST_TOKENS: "ingest-token-aaaaaaaaaaaa",
      DREC_INGEST_SOURCES: '[{"name":"default","tokens":["default-token-0123456789"]}]',
    };
    expectConfigError(() => loadConfig({ env }), /already belong to the source "default"/);
  });
});
