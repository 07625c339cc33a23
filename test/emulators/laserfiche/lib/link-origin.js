'use strict';

/**
 * The origin of the `@odata.nextLink`s the emulator builds (option `linkOrigin`). The reference says
 * only that nextLink is an absolute URL to follow verbatim (laserfiche-api.md, "Paging"); nothing says
 * which origin a server behind TLS offload, a load balancer or another DNS name puts in it, so each
 * plausible one is an option: `host` (default: the scheme of the connection the emulator received and
 * its Host header, as ASP.NET builds absolute URLs), `http-host` (plain http with the Host header, as an
 * IIS behind a TLS-terminating front), `fixed:<url>` (another DNS name, e.g. the server's internal one).
 */
function linkOrigin(option, req, host) {
	const value = option || 'host';
	if (value === 'http-host') return `http://${host}`;
	if (value.startsWith('fixed:')) return new URL(value.slice(6)).origin;
	return `${req.socket.encrypted ? 'https' : 'http'}://${host}`;
}

module.exports = { linkOrigin };
