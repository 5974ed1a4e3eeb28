/**
 * Development https certificates (office-addin-dev-certs, under ~/.office-addin-dev-certs).
 *
 * On Windows and macOS this is office-addin-dev-certs' own getHttpsServerOptions, which also
 * installs the CA in the system store. On Linux that install needs sudo and fails (and the
 * tool still exits 0), and Chromium ignores the system store anyway, so here the
 * certificates are only generated, and browsers are pointed at the CA explicitly (the e2e
 * tests add it to an NSS database).
 */
const fs = require("fs");
const defaults = require("office-addin-dev-certs/lib/defaults");
const { generateCertificates } = require("office-addin-dev-certs/lib/generate");
const devCerts = require("office-addin-dev-certs");

function readCerts() {
  return {
    ca: fs.readFileSync(defaults.caCertificatePath),
    key: fs.readFileSync(defaults.localhostKeyPath),
    cert: fs.readFileSync(defaults.localhostCertificatePath),
  };
}

function isFresh(path) {
  if (!fs.existsSync(path)) return false;
  const { X509Certificate } = require("crypto");
  const cert = new X509Certificate(fs.readFileSync(path));
  return new Date(cert.validTo).getTime() - Date.now() > 24 * 3600 * 1000;
}

async function httpsOptions() {
  if (process.platform === "win32" || process.platform === "darwin") {
    const o = await devCerts.getHttpsServerOptions();
    return { ca: o.ca, key: o.key, cert: o.cert };
  }
  if (
    !isFresh(defaults.caCertificatePath) ||
    !isFresh(defaults.localhostCertificatePath) ||
    !fs.existsSync(defaults.localhostKeyPath)
  ) {
    fs.mkdirSync(defaults.certificateDirectory, { recursive: true });
    await generateCertificates();
  }
  return readCerts();
}

module.exports = { httpsOptions, caCertificatePath: defaults.caCertificatePath };
