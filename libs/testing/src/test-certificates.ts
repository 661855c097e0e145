import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** PEM files of a throw-away CA and the certificates it signed (paths in a private temp directory). */
export interface TestCertificates {
  dir: string;
  ca: { cert: string; key: string };
  /** Signed by `ca` for 127.0.0.1 and localhost (server and client use). */
  server: { cert: string; key: string };
  /** Signed by `ca` for the name localhost only: `https://127.0.0.1` with it is a certificate error. */
  localhostOnly: { cert: string; key: string };
  /** Signed by `ca` for client authentication. */
  client: { cert: string; key: string };
  /** Another CA, which signed nothing here (a client that trusts it must fail). */
  otherCa: { cert: string; key: string };
  remove(): void;
}

/**
 * Generates a CA and certificates at test time with the system's `openssl` (P-256
 * keys, valid one day), so no key material is ever committed.
 */
export function createTestCertificates(): TestCertificates {
  const dir = mkdtempSync(join(tmpdir(), 'mg-certs-'));
  const file = (name: string) => join(dir, name);
  const openssl = (...args: string[]) => {
    try {
      execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
    } catch (error) {
      throw new Error(`openssl ${args[0]} failed (is openssl installed?): ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  const key = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  const ca = (name: string) => {
    openssl('req', '-x509', ...key, '-keyout', file(`${name}.key`), '-out', file(`${name}.pem`), '-days', '1', '-subj', `/CN=Model Garden test ${name}`, '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
    return { cert: file(`${name}.pem`), key: file(`${name}.key`) };
  };
  const leaf = (name: string, extensions: string) => {
    writeFileSync(file(`${name}.ext`), extensions);
    openssl('req', ...key, '-keyout', file(`${name}.key`), '-out', file(`${name}.csr`), '-subj', `/CN=${name}`);
    openssl('x509', '-req', '-in', file(`${name}.csr`), '-CA', file('ca.pem'), '-CAkey', file('ca.key'), '-CAcreateserial', '-out', file(`${name}.pem`), '-days', '1', '-extfile', file(`${name}.ext`));
    return { cert: file(`${name}.pem`), key: file(`${name}.key`) };
  };
  const authority = ca('ca');
  return {
    dir,
    ca: authority,
    server: leaf('server', 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\nkeyUsage=digitalSignature\n'),
    localhostOnly: leaf('localhost-only', 'subjectAltName=DNS:localhost\nextendedKeyUsage=serverAuth\nkeyUsage=digitalSignature\n'),
    client: leaf('client', 'extendedKeyUsage=clientAuth\nkeyUsage=digitalSignature\n'),
    otherCa: ca('other-ca'),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
