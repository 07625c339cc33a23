'use strict';
// Preloaded into each n8n process of the queue-mode suite (NODE_OPTIONS=--require <this file>): every
// outgoing HTTP request gets an `x-scale-process: <name>` header (main, worker-1, worker-2), so the
// emulators' request logs say which process sent each call (token requests above all). It only adds a
// header: it subscribes to Node's documented `http.client.request.created` diagnostics channel and
// changes nothing else. Without SCALE_PROCESS_NAME it does nothing.
const diagnosticsChannel = require('node:diagnostics_channel');

const name = process.env.SCALE_PROCESS_NAME;
const HEADER = 'x-scale-process';

if (name) {
	diagnosticsChannel.subscribe('http.client.request.created', ({ request }) => {
		try {
			if (!request.headersSent && request.getHeader(HEADER) === undefined)
				request.setHeader(HEADER, name);
		} catch {
			// Headers already rendered (array headers): leave the request as it is.
		}
	});
}
