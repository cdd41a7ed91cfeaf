import { describe, expect, it } from "vitest";
import { run } from "./helpers.js";

// Behind a TLS-re-signing proxy the CA reaches Node only through NODE_EXTRA_CA_CERTS, and
// turbo 2's strict env mode drops every variable turbo.json does not list: a task would then
// fail with "self-signed certificate in certificate chain". This runs a real turbo task.
const PASSED: [string, string][] = [
  ["NODE_EXTRA_CA_CERTS", "/etc/ssl/corp/proxy-ca.pem"],
  ["SSL_CERT_FILE", "/etc/ssl/corp/bundle.pem"],
  ["SSL_CERT_DIR", "/etc/ssl/corp"],
  ["HTTP_PROXY", "http://proxy.corp.example:3128"],
  ["HTTPS_PROXY", "http://proxy.corp.example:3128"],
  ["NO_PROXY", "127.0.0.1,localhost"],
  ["http_proxy", "http://proxy.corp.example:3128"],
  ["https_proxy", "http://proxy.corp.example:3128"],
  ["no_proxy", "127.0.0.1,localhost"],
  ["npm_config_registry", "https://registry.corp.example/npm/"],
  ["npm_config_cafile", "/etc/ssl/corp/proxy-ca.pem"],
  ["npm_config_strict_ssl", "true"],
];

describe("turbo tasks see the certificate, proxy and registry variables", () => {
  it(
    "every variable set in the shell reaches a turbo task unchanged",
    { timeout: 60_000 },
    async () => {
      const extra = Object.fromEntries(PASSED);
      // The values are fake: the probe only prints them, nothing connects anywhere.
      const r = await run(
        "pnpm",
        [
          "exec",
          "turbo",
          "run",
          "env:probe",
          "--filter=@keyapi-tiktok/scripts",
          "--output-logs=full",
        ],
        undefined,
        extra,
      );
      expect(r.code, r.stderr).toBe(0);
      const line = r.stdout.split("\n").find((l) => l.includes("env-probe {"));
      const seen = JSON.parse(line!.slice(line!.indexOf("{"))) as Record<string, string>;
      for (const [name, value] of PASSED) expect([name, seen[name]]).toEqual([name, value]);
    },
  );
});
