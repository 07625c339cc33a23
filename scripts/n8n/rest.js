'use strict';
// n8n's internal REST API (what the editor calls), driven with axios: owner setup, login, credentials
// (create, test: the Test button's call), workflows (create, run, read back), node/credential types.
const path = require('node:path');
const axios = require('axios');
const cfg = require('./config');

const OWNER = {
	email: 'owner@example.com',
	firstName: 'Demo',
	lastName: 'Owner',
	password: 'Demo-Owner-2026',
};

function loadFlatted(install) {
	try {
		return require(path.join(install.n8nModules, 'flatted'));
	} catch {
		return require('flatted');
	}
}

class N8nRest {
	constructor(baseUrl, { install, timeoutMs = 30000 } = {}) {
		this.baseUrl = baseUrl;
		this.cookie = '';
		this.flatted = install ? loadFlatted(install) : null;
		this.http = axios.create({
			baseURL: baseUrl,
			timeout: timeoutMs,
			validateStatus: () => true,
			maxRedirects: 0,
			proxy: false,
			headers: { 'content-type': 'application/json', 'browser-id': 'n8n-stack-scripts' },
		});
	}

	async request(method, url, data, { expect = [200] } = {}) {
		const res = await this.http.request({
			method,
			url,
			data,
			headers: this.cookie ? { cookie: this.cookie } : {},
		});
		const setCookie = res.headers['set-cookie'];
		if (setCookie) {
			const auth = setCookie.map((c) => c.split(';')[0]).find((c) => c.startsWith('n8n-auth='));
			if (auth) this.cookie = auth;
		}
		if (expect && !expect.includes(res.status)) {
			const body =
				typeof res.data === 'string'
					? res.data.slice(0, 500)
					: JSON.stringify(res.data).slice(0, 500);
			const err = new Error(`${method} ${url} answered HTTP ${res.status}: ${body}`);
			err.status = res.status;
			err.body = res.data;
			throw err;
		}
		return res;
	}

	async settings() {
		return (await this.request('GET', '/rest/settings')).data.data;
	}

	/** Creates the owner on a fresh instance, or logs in when it exists already. Returns the login. */
	async ensureOwner(owner = OWNER) {
		const s = await this.settings();
		if (s.userManagement && s.userManagement.showSetupOnFirstLoad) {
			await this.request('POST', '/rest/owner/setup', owner);
		}
		await this.login(owner);
		return owner;
	}

	async login({ email, password } = OWNER) {
		const res = await this.request('POST', '/rest/login', { emailOrLdapLoginId: email, password });
		return res.data.data;
	}

	async nodeTypes() {
		return (await this.request('GET', '/types/nodes.json')).data;
	}

	async credentialTypes() {
		return (await this.request('GET', '/types/credentials.json')).data;
	}

	async createCredential({ name, type, data }) {
		const res = await this.request('POST', '/rest/credentials', { name, type, data });
		return res.data.data;
	}

	async listCredentials() {
		return (await this.request('GET', '/rest/credentials')).data.data;
	}

	/**
	 * The editor's Test button: POST /rest/credentials/test. With `id` of a saved credential and no `data`,
	 * the saved data is read back (secrets as n8n's redaction placeholders) and sent, exactly as the editor
	 * does. Returns n8n's { status, message }.
	 */
	async testCredential({ id = '', name = 'test', type, data }) {
		let body = data;
		if (id && !body) {
			const saved = (await this.request('GET', `/rest/credentials/${id}?includeData=true`)).data
				.data;
			body = saved.data;
			name = saved.name;
		}
		if (!id && cfg.N8N_MAJOR < 2) {
			// n8n 1.x tests only a saved credential (the editor saves before it tests): save the data under a
			// temporary credential, test it, and delete it again.
			const saved = await this.createCredential({ name, type, data: body });
			try {
				return await this.testCredential({ id: saved.id, name: saved.name, type, data: body });
			} finally {
				await this.request('DELETE', `/rest/credentials/${saved.id}`);
			}
		}
		const res = await this.request('POST', '/rest/credentials/test', {
			credentials: { id, name, type, data: body },
		});
		return res.data.data;
	}

	async createWorkflow(workflow) {
		const body = {
			name: workflow.name,
			nodes: workflow.nodes,
			connections: workflow.connections,
			settings: workflow.settings || { executionOrder: 'v1' },
			pinData: workflow.pinData || {},
			// n8n 1.x requires the field (NOT NULL); 2.x activates through its own endpoint instead.
			...(cfg.N8N_MAJOR < 2 ? { active: false } : {}),
		};
		const res = await this.request('POST', '/rest/workflows', body);
		return res.data.data;
	}

	/**
	 * Activates a saved workflow (its triggers start, as the editor's Active switch / Publish) and waits,
	 * bounded, until n8n reports its triggers live. n8n 2.x's publication service activates after answering
	 * (GET publication-status); n8n 1.x activates before answering, and refuses with HTTP 400 when a trigger
	 * fails to start. Returns the workflow as n8n then stores it.
	 */
	async activateWorkflow({ id, versionId }, { timeoutMs = 120000 } = {}) {
		await this.request('POST', `/rest/workflows/${id}/activate`, { versionId });
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const res = await this.request('GET', `/rest/workflows/${id}/publication-status`, undefined, {
				expect: [200, 404],
			});
			if (res.status === 404) break; // no publication service (1.x, or 2.x without it): already active
			const status = res.data.data;
			if (status.status === 'published') break;
			if (['failed', 'partial'].includes(status.status)) {
				throw new Error(
					`workflow ${id} could not be activated: ${JSON.stringify(status.triggers)}`,
				);
			}
			if (Date.now() > deadline)
				throw new Error(`workflow ${id} not active after ${timeoutMs / 1000}s (${status.status})`);
			await new Promise((r) => setTimeout(r, 250));
		}
		const stored = (await this.request('GET', `/rest/workflows/${id}`)).data.data;
		if (!(stored.active || stored.activeVersionId))
			throw new Error(`workflow ${id} is not active after its activation`);
		return stored;
	}

	async deactivateWorkflow(id) {
		await this.request('POST', `/rest/workflows/${id}/deactivate`, {});
		const stored = (await this.request('GET', `/rest/workflows/${id}`)).data.data;
		if (stored.active || stored.activeVersionId)
			throw new Error(`workflow ${id} is still active after its deactivation`);
		return stored;
	}

	async listWorkflows() {
		return (await this.request('GET', '/rest/workflows')).data.data;
	}

	/** Runs a saved workflow from the given trigger node (as the editor's "Execute workflow"). */
	async runWorkflow(workflowId, triggerName) {
		const body = { triggerToStartFrom: { name: triggerName } };
		// n8n 1.x runs the workflow the editor sends (2.x reads the saved one).
		if (cfg.N8N_MAJOR < 2)
			body.workflowData = (await this.request('GET', `/rest/workflows/${workflowId}`)).data.data;
		const res = await this.request('POST', `/rest/workflows/${workflowId}/run`, body);
		const id = res.data.data && res.data.data.executionId;
		if (!id)
			throw new Error(
				`run of workflow ${workflowId} returned no execution id: ${JSON.stringify(res.data)}`,
			);
		return id;
	}

	/** Polls an execution until it is finished (bounded), and decodes its flatted run data. */
	async waitForExecution(executionId, { timeoutMs = 60000 } = {}) {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const res = await this.request('GET', `/rest/executions/${executionId}`, undefined, {
				expect: [200, 404],
			});
			const exec = res.status === 200 ? res.data.data : null;
			if (
				exec &&
				exec.finished !== undefined &&
				!['new', 'running', 'waiting'].includes(exec.status)
			) {
				const data = typeof exec.data === 'string' ? this.flatted.parse(exec.data) : exec.data;
				// n8n 1.x can report an execution finished before its run data is stored: wait for that too.
				if (data && data.resultData) return { ...exec, data };
			}
			if (Date.now() > deadline) {
				throw new Error(
					`execution ${executionId} not finished with its data after ${timeoutMs / 1000}s (status ${exec && exec.status})`,
				);
			}
			await new Promise((r) => setTimeout(r, 200));
		}
	}
}

/**
 * Binds an example workflow's credential references to the credentials created in this instance
 * (`created`: type → { id, name }). Examples reference credentials by type and name; the name must be the
 * created one's. Returns a copy with the instance's credential ids.
 */
function bindCredentials(workflow, created) {
	const copy = JSON.parse(JSON.stringify(workflow));
	for (const node of copy.nodes) {
		for (const [type, ref] of Object.entries(node.credentials || {})) {
			const match = created[type];
			if (!match || (ref && ref.name && ref.name !== match.name)) {
				throw new Error(
					`workflow "${copy.name}", node "${node.name}": it references the ${type} credential "${ref && ref.name}", which was not created`,
				);
			}
			node.credentials[type] = { id: match.id, name: match.name };
		}
	}
	return copy;
}

/** A node's outputs in a finished execution: one array of items per output (0 = Success, 1 = Error). */
function nodeOutputs(execution, nodeName) {
	const runs =
		execution.data && execution.data.resultData && execution.data.resultData.runData[nodeName];
	if (!runs || !runs.length) return null;
	const main = (runs[0].data && runs[0].data.main) || [];
	return main.map((items) => (items || []).map((i) => i.json));
}

module.exports = { N8nRest, OWNER, bindCredentials, nodeOutputs };
