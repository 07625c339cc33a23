/**
 * The Laserfiche live scenario (Cloud or self-hosted): in a new folder of its own, import a document,
 * read its fields back (after assigning a template and a field value when one is configured), export it
 * (same sha256), delete it (gone from the folder's listing); then delete the folder and check that it is
 * gone, also when a step failed.
 */
import type { INodeParameters } from 'n8n-workflow';

import type { Report } from './steps';
import {
	NodeRunner,
	check,
	eventually,
	failureOf,
	sha256Of,
	testContent,
	uniqueFolderName,
	withCleanup,
} from './steps';

export interface LaserficheCloudSettings {
	servicePrincipalKey: string;
	accessKey: string;
	repositoryId: string;
	scope: string;
	customEndpoints?: boolean;
	tokenUrl?: string;
	apiBaseUrl?: string;
	rootFolder: string;
	template?: string;
	field?: string;
}

export interface LaserficheSelfHostedSettings {
	baseUrl: string;
	repositoryId: string;
	username: string;
	password: string;
	apiVersion: 'v1' | 'v2';
	ignoreSslIssues: boolean;
	rootFolder: string;
	template?: string;
	field?: string;
}

const byPath = (path: string) => ({ __rl: true, mode: 'path', value: path });
const byId = (id: unknown) => ({ __rl: true, mode: 'id', value: String(id) });

export function cloudRunner(settings: LaserficheCloudSettings): NodeRunner {
	const data = {
		servicePrincipalSecretKey: settings.servicePrincipalKey,
		accessKeySecret: settings.accessKey,
		scope: settings.scope,
		customEndpoints: settings.customEndpoints === true,
		tokenUrl: settings.tokenUrl ?? '',
		apiBaseUrl: settings.apiBaseUrl ?? '',
	};
	const fixed: INodeParameters = {
		authentication: 'cloud',
		repositoryId: byId(settings.repositoryId),
	};
	return new NodeRunner('laserfiche', 'laserficheCloudApi', data, fixed);
}

export function selfHostedRunner(settings: LaserficheSelfHostedSettings): NodeRunner {
	const { baseUrl, repositoryId, username, password, apiVersion } = settings;
	const data = {
		baseUrl,
		repositoryId,
		username,
		password,
		apiVersion,
		ignoreSSLIssues: settings.ignoreSslIssues,
	};
	return new NodeRunner('laserfiche', 'laserficheSelfHostedApi', data, {
		authentication: 'selfHosted',
	});
}

/** "\" + "n8n-live-…" = "\n8n-live-…"; "\Team\" + "n8n-live-…" = "\Team\n8n-live-…". */
function rootPath(root: string): string {
	return `\\${root.split(/[\\/]/).filter(Boolean).join('\\')}`;
}

export async function laserficheScenario(
	label: string,
	lf: NodeRunner,
	settings: { rootFolder: string; template?: string; field?: string },
	report: Report,
): Promise<void> {
	const folderName = uniqueFolderName();
	const documentName = 'live-import';
	const file = testContent(documentName);
	let folderId: unknown;

	await withCleanup(
		report,
		label,
		async () => {
			const [folder] = await lf.ok('create the folder', {
				resource: 'folder',
				operation: 'create',
				parentFolder: byPath(rootPath(settings.rootFolder)),
				name: folderName,
				options: {},
			});
			folderId = folder?.json.id;
			check(
				typeof folderId === 'number',
				`creating the folder answered ${JSON.stringify(folder?.json)}`,
			);
			report(
				`${label}: created folder ${String(folder.json.fullPath)} (entry ${String(folderId)})`,
			);

			const [imported] = await lf.ok(
				'import',
				{
					resource: 'document',
					operation: 'import',
					parentFolder: byId(folderId),
					binaryPropertyName: 'data',
					name: documentName,
					options: {},
				},
				{
					content: file.content,
					fileName: `${documentName}.bin`,
					mimeType: 'application/octet-stream',
				},
			);
			const documentId = imported?.json.id;
			check(
				imported.json.name === documentName && imported.json.parentId === folderId,
				`import answered ${JSON.stringify(imported.json)}`,
			);
			check(
				imported.json.electronicDocumentSize === file.content.length,
				`import answered size ${String(imported.json.electronicDocumentSize)}`,
			);
			report(
				`${label}: imported ${documentName} (${file.content.length} bytes, sha256 ${file.sha256.slice(0, 12)}…, entry ${String(documentId)})`,
			);

			if (settings.template && settings.field) {
				const value = `n8n live ${folderName}`;
				await lf.ok('assign the template', {
					resource: 'metadata',
					operation: 'assignTemplate',
					entry: byId(documentId),
					templateName: settings.template,
					fields: { field: [{ name: settings.field, value }] },
				});
				const [read] = await lf.ok('read the fields', {
					resource: 'metadata',
					operation: 'getFields',
					entry: byId(documentId),
				});
				const got = (read?.json.fieldValues as Record<string, unknown> | undefined)?.[
					settings.field
				];
				check(
					(Array.isArray(got) ? got[0] : got) === value,
					`field "${settings.field}" reads back as ${JSON.stringify(got)}, not "${value}"`,
				);
				report(
					`${label}: fields: template "${settings.template}" assigned, "${settings.field}" reads back as written`,
				);
			} else {
				const [read] = await lf.ok('read the fields', {
					resource: 'metadata',
					operation: 'getFields',
					entry: byId(documentId),
				});
				check(
					read?.json.entryId === documentId && Array.isArray(read.json.fields),
					`reading the fields answered ${JSON.stringify(read?.json)}`,
				);
				report(
					`${label}: fields: read back (${(read.json.fields as unknown[]).length}; no template configured)`,
				);
			}
			const [entry] = await lf.ok('read the entry', {
				resource: 'entry',
				operation: 'get',
				entry: byId(documentId),
			});
			check(
				entry?.json.name === documentName && entry.json.entryType === 'Document',
				`the entry reads back as ${JSON.stringify(entry?.json)}`,
			);

			const [exported] = await lf.ok('export', {
				resource: 'document',
				operation: 'export',
				entry: byId(documentId),
				options: {},
			});
			const got = await sha256Of(exported);
			check(
				got.sha256 === file.sha256 && got.size === file.content.length,
				`exported ${got.size} bytes with sha256 ${got.sha256}, not the imported ones`,
			);
			report(`${label}: exported ${documentName}: same sha256`);

			await lf.ok('delete the document', {
				resource: 'entry',
				operation: 'delete',
				entry: byId(documentId),
				options: {},
			});
			await eventually(`${documentName} is still in the folder after its delete`, async () => {
				const listed = await lf.ok('list the folder', {
					resource: 'folder',
					operation: 'list',
					parentFolder: byId(folderId),
					returnAll: true,
				});
				return !listed.some((item) => item.json.id === documentId);
			});
			report(`${label}: deleted ${documentName}: gone from the folder's listing`);
		},
		async () => {
			if (folderId === undefined) return;
			await lf.ok('delete the folder', {
				resource: 'entry',
				operation: 'delete',
				entry: byId(folderId),
				options: {},
			});
			await eventually(`folder ${folderName} still exists after its delete`, async () => {
				const run = await lf.run({ resource: 'entry', operation: 'get', entry: byId(folderId) });
				if (run.errors.length === 0) return false;
				const details = run.errors[0].json.details as { status?: number } | undefined;
				check(
					details?.status === 404,
					`looking the deleted folder up failed otherwise than "not found": ${failureOf(run)}`,
				);
				return true;
			});
			report(`${label}: removed folder ${folderName}: gone`);
		},
	);
}
