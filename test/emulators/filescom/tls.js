'use strict';
/**
 * The emulator's TLS certificate, generated at start (never stored): self-signed, for 127.0.0.1 and localhost,
 * marked as a CA so that a client can trust it as its own root (tests: `emulator.tlsCa`, or NODE_EXTRA_CA_CERTS
 * for a child process). node:crypto makes keys but not X.509 certificates, hence the `selfsigned` devDependency.
 * It protects nothing: a test fixture that lives as long as one emulator.
 */
const selfsigned = require('selfsigned');

/** @returns {Promise<{key: string, cert: string}>} PEM private key and certificate */
async function generateCertificate(host = '127.0.0.1') {
	const altNames = [
		{ type: 7, ip: '127.0.0.1' },
		{ type: 2, value: 'localhost' },
	];
	if (host !== '127.0.0.1' && host !== 'localhost')
		altNames.push(/^[\d.]+$/.test(host) ? { type: 7, ip: host } : { type: 2, value: host });
	const pems = await selfsigned.generate(
		[{ name: 'commonName', value: 'Files.com emulator (test only)' }],
		{
			keySize: 2048,
			days: 2,
			algorithm: 'sha256',
			extensions: [
				{ name: 'basicConstraints', cA: true, critical: true },
				{
					name: 'keyUsage',
					digitalSignature: true,
					keyEncipherment: true,
					keyCertSign: true,
					critical: true,
				},
				{ name: 'extKeyUsage', serverAuth: true },
				{ name: 'subjectAltName', altNames },
			],
		},
	);
	return { key: pems.private, cert: pems.cert };
}

module.exports = { generateCertificate };
