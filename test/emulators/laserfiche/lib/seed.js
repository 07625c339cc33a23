'use strict';
/**
 * The seed: a small, realistic repository — invoices by year, contracts, HR records, scans, shared
 * documents, names with spaces, quotes and non-ASCII characters, templates with required fields,
 * tags (one secure, with a watermark), links and audit reasons.
 *
 *   \                                   (1)
 *   ├── Archive                         empty folder
 *   ├── Contracts
 *   │   ├── Master Services Agreement – Acme.docx     Contract, Confidential
 *   │   └── NDA Globex.pdf                            Contract
 *   ├── HR
 *   │   └── Employees
 *   │       └── Jane Doe — Offer Letter.pdf           HR Record, Confidential
 *   ├── Invoices
 *   │   ├── 2025
 *   │   │   └── INV-2025-0417 Initech.pdf             Invoice (Paid), Archived
 *   │   └── 2026
 *   │       ├── INV-2026-0001 Acme Corp.pdf           Invoice (Approved), Approved; linked to the MSA
 *   │       ├── INV-2026-0002 Globex.pdf              Invoice (Pending), Needs Review
 *   │       └── INV-2026-0003 Café Müller.pdf         Invoice (Pending)
 *   ├── Projects Q1 "Draft"
 *   ├── Scans
 *   │   └── scan 0001.tif                             one image page, no electronic document
 *   ├── Shared Documents
 *   │   ├── Meeting Minutes 2026-01-15.txt            text, searchable
 *   │   └── Acme invoice (shortcut)                   → INV-2026-0001
 *   ├── 日本語フォルダ
 *   │   └── 報告書.txt
 *   └── Welcome.txt
 */

const FIELDS = [
	{
		id: 1,
		name: 'Invoice Number',
		fieldType: 'String',
		length: 40,
		isRequired: true,
		description: 'Vendor invoice number',
	},
	{ id: 2, name: 'Vendor', fieldType: 'String', length: 100 },
	{ id: 3, name: 'Amount', fieldType: 'Number', length: 0, format: 'Currency', currency: 'USD' },
	{ id: 4, name: 'Invoice Date', fieldType: 'Date', length: 0, format: 'ShortDate' },
	{
		id: 5,
		name: 'Status',
		fieldType: 'List',
		length: 0,
		listValues: ['Pending', 'Approved', 'Paid', 'Rejected'],
		defaultValue: 'Pending',
	},
	{ id: 6, name: 'Department', fieldType: 'String', length: 60 },
	{ id: 7, name: 'Notes', fieldType: 'String', length: 250, isMultiValue: true },
	{ id: 8, name: 'Employee Name', fieldType: 'String', length: 100, isRequired: true },
	{ id: 9, name: 'Hire Date', fieldType: 'Date', length: 0, format: 'ShortDate' },
	{
		id: 10,
		name: 'Project Code',
		fieldType: 'String',
		length: 7,
		constraint: '[A-Z]{3}-\\d{3}',
		constraintError: 'Use three capital letters, a dash and three digits, e.g. ABC-123.',
	},
	{ id: 11, name: 'Effective Date', fieldType: 'Date', length: 0, format: 'ShortDate' },
	{ id: 12, name: 'Expiration Date', fieldType: 'Date', length: 0, format: 'ShortDate' },
	{ id: 13, name: 'Received At', fieldType: 'DateTime', length: 0, format: 'ShortDateTime' },
	{ id: 14, name: 'Page Total', fieldType: 'LongInteger', length: 0 },
];

const TEMPLATES = [
	{
		id: 1,
		name: 'Invoice',
		description: 'Accounts payable invoice',
		color: { a: 255, r: 46, g: 125, b: 50 },
		fields: ['Invoice Number', 'Vendor', 'Amount', 'Invoice Date', 'Status', 'Notes'],
	},
	{
		id: 2,
		name: 'Contract',
		description: 'Signed agreements',
		color: { a: 255, r: 21, g: 101, b: 192 },
		fields: ['Vendor', 'Department', 'Project Code', 'Effective Date', 'Expiration Date'],
	},
	{
		id: 3,
		name: 'HR Record',
		description: 'Employee records',
		color: { a: 255, r: 173, g: 20, b: 87 },
		fields: ['Employee Name', 'Department', 'Hire Date'],
	},
	{
		id: 4,
		name: 'General',
		description: 'Anything else',
		color: { a: 255, r: 117, g: 117, b: 117 },
		fields: ['Department', 'Notes'],
	},
];

const TAGS = [
	{
		id: 1,
		name: 'Confidential',
		description: 'Restricted to authorised staff',
		isSecure: true,
		watermark: {
			text: 'CONFIDENTIAL',
			pageSpanPercentage: 50,
			position: 'DeadCenter',
			rotationAngle: 45,
			isMandatory: true,
			opacity: 30,
		},
	},
	{ id: 2, name: 'Needs Review', description: 'Waiting for a reviewer' },
	{ id: 3, name: 'Approved', description: 'Approved for payment or release' },
	{ id: 4, name: 'Archived', description: 'Kept for retention only' },
];

const LINKS = [
	{
		id: 1,
		sourceLabel: 'Invoice',
		targetLabel: 'Supporting Document',
		description: 'Supporting documentation',
	},
	{ id: 2, sourceLabel: 'Related', targetLabel: 'Related', description: 'Related entries' },
	{
		id: 3,
		sourceLabel: 'Supersedes',
		targetLabel: 'Superseded by',
		description: 'Newer version of a document',
	},
];

const AUDIT_REASONS = [
	{ id: 1, name: 'Retention period expired', auditEventType: 'DeleteEntry' },
	{ id: 2, name: 'Duplicate entry', auditEventType: 'DeleteEntry' },
	{ id: 3, name: 'Audit request', auditEventType: 'ExportDocument' },
	{ id: 4, name: 'Customer request', auditEventType: 'ExportDocument' },
];

const ATTRIBUTES = [
	{ key: 'Culture', value: 'en-US' },
	{ key: 'DefaultFolder', value: '\\Invoices' },
	{ key: 'Theme', value: 'Light' },
];

/** A minimal, valid one-page PDF showing `text`. */
function tinyPdf(text) {
	const safe = text.replace(/[()\\]/g, '\\$&').replace(/[^\x20-\x7e]/g, '?');
	const stream = `BT /F1 18 Tf 72 720 Td (${safe}) Tj ET`;
	const objects = [
		'<< /Type /Catalog /Pages 2 0 R >>',
		'<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
		'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
		`<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
		'<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
	];
	let out = '%PDF-1.4\n';
	const offsets = [];
	objects.forEach((obj, i) => {
		offsets.push(out.length);
		out += `${i + 1} 0 obj\n${obj}\nendobj\n`;
	});
	const xref = out.length;
	out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
	for (const off of offsets) out += `${String(off).padStart(10, '0')} 00000 n \n`;
	out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
	return Buffer.from(out, 'latin1');
}

/** A 1×1 white pixel, uncompressed little-endian TIFF. */
function tinyTiff() {
	const b = Buffer.alloc(8 + 2 + 10 * 12 + 4 + 1);
	b.write('II', 0, 'latin1');
	b.writeUInt16LE(42, 2);
	b.writeUInt32LE(8, 4);
	const tags = [
		[256, 3, 1, 1], // width
		[257, 3, 1, 1], // height
		[258, 3, 1, 8], // bits per sample
		[259, 3, 1, 1], // no compression
		[262, 3, 1, 1], // black is zero
		[273, 4, 1, 8 + 2 + 10 * 12 + 4], // strip offset
		[277, 3, 1, 1], // samples per pixel
		[278, 3, 1, 1], // rows per strip
		[279, 4, 1, 1], // strip byte count
		[284, 3, 1, 1], // planar
	];
	b.writeUInt16LE(tags.length, 8);
	tags.forEach(([tag, type, count, value], i) => {
		const o = 10 + i * 12;
		b.writeUInt16LE(tag, o);
		b.writeUInt16LE(type, o + 2);
		b.writeUInt32LE(count, o + 4);
		if (type === 3) b.writeUInt16LE(value, o + 8);
		else b.writeUInt32LE(value, o + 8);
	});
	b.writeUInt32LE(0, 10 + tags.length * 12);
	b[b.length - 1] = 255;
	return b;
}

function seedRepository(repo) {
	for (const f of FIELDS) repo.defineField(f);
	for (const t of TEMPLATES) repo.defineTemplate(t);
	for (const t of TAGS) repo.defineTag(t);
	for (const l of LINKS) repo.defineLink(l);
	repo.auditReasons = AUDIT_REASONS.map((r) => ({ ...r }));
	repo.attributes = ATTRIBUTES.map((a) => ({ ...a }));

	const at = (iso) => ({ creationTime: iso, lastModifiedTime: iso });
	const folder = (parentId, name, iso) => Object.assign(repo.createFolder(parentId, name), at(iso));
	const doc = (
		parentId,
		name,
		{
			content,
			extension,
			mimeType,
			text,
			template,
			fields = {},
			tags = [],
			iso,
			creator = 'admin',
			pages,
		},
	) => {
		const blobId = repo.store.writeBufferSync(content);
		const entry = repo.createDocument(
			parentId,
			name,
			pages
				? { size: 0, extension, mimeType, text, pageCount: pages }
				: { blobId, size: content.length, extension, mimeType, text },
			{
				creator,
				metadata: {
					templateName: template,
					fields: Object.entries(fields).map(([n, v]) => ({
						name: n,
						values: Array.isArray(v) ? v : [v],
					})),
					tags,
				},
			},
		);
		if (pages) {
			entry.pagesBlobId = blobId;
			entry.pagesMimeType = mimeType;
			entry.pagesSize = content.length;
		}
		return Object.assign(entry, at(iso));
	};
	const pdf = (title, body) => ({
		content: tinyPdf(`${title} - ${body}`),
		extension: 'pdf',
		mimeType: 'application/pdf',
		text: `${title}\n${body}`,
	});

	const root = 1;
	const archive = folder(root, 'Archive', '2025-01-06T09:00:00.000Z');
	const contracts = folder(root, 'Contracts', '2025-01-06T09:00:00.000Z');
	const hr = folder(root, 'HR', '2025-01-06T09:00:00.000Z');
	const employees = folder(hr.id, 'Employees', '2025-01-06T09:05:00.000Z');
	const invoices = folder(root, 'Invoices', '2025-01-06T09:00:00.000Z');
	const inv2025 = folder(invoices.id, '2025', '2025-01-06T09:01:00.000Z');
	const inv2026 = folder(invoices.id, '2026', '2026-01-02T08:00:00.000Z');
	const projects = folder(root, 'Projects Q1 "Draft"', '2026-01-05T10:30:00.000Z');
	const scans = folder(root, 'Scans', '2025-03-01T12:00:00.000Z');
	const shared = folder(root, 'Shared Documents', '2025-02-11T15:20:00.000Z');
	const japanese = folder(root, '日本語フォルダ', '2025-06-01T01:00:00.000Z');
	void archive;
	void projects;

	const msa = doc(contracts.id, 'Master Services Agreement – Acme', {
		content: Buffer.from(
			'PK\u0003\u0004 emulator placeholder for a Word document: Master Services Agreement between Acme Corp and Example Ltd.',
			'latin1',
		),
		extension: 'docx',
		mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
		text: 'Master Services Agreement between Acme Corp and Example Ltd.',
		template: 'Contract',
		fields: {
			Vendor: 'Acme Corp',
			Department: 'Legal',
			'Project Code': 'ACM-001',
			'Effective Date': '2025-02-01',
			'Expiration Date': '2027-01-31',
		},
		tags: ['Confidential'],
		iso: '2025-02-01T14:00:00.000Z',
	});
	doc(contracts.id, 'NDA Globex', {
		...pdf('Mutual Non-Disclosure Agreement', 'Globex Corporation and Example Ltd.'),
		template: 'Contract',
		fields: { Vendor: 'Globex Corporation', Department: 'Legal', 'Effective Date': '2025-04-15' },
		iso: '2025-04-15T11:00:00.000Z',
	});
	doc(employees.id, 'Jane Doe — Offer Letter', {
		...pdf('Offer Letter', 'Jane Doe, Senior Accountant, Finance'),
		template: 'HR Record',
		fields: { 'Employee Name': 'Jane Doe', Department: 'Finance', 'Hire Date': '2025-09-01' },
		tags: ['Confidential'],
		iso: '2025-08-20T16:45:00.000Z',
		creator: 'hr.manager',
	});
	doc(inv2025.id, 'INV-2025-0417 Initech', {
		...pdf('Invoice INV-2025-0417', 'Initech LLC, TPS report consulting, total 980.00 USD'),
		template: 'Invoice',
		fields: {
			'Invoice Number': 'INV-2025-0417',
			Vendor: 'Initech LLC',
			Amount: '980.00',
			'Invoice Date': '2025-11-03',
			Status: 'Paid',
		},
		tags: ['Archived'],
		iso: '2025-11-04T09:12:00.000Z',
	});
	const acme = doc(inv2026.id, 'INV-2026-0001 Acme Corp', {
		...pdf('Invoice INV-2026-0001', 'Acme Corp, anvils and rockets, total 1250.50 USD'),
		template: 'Invoice',
		fields: {
			'Invoice Number': 'INV-2026-0001',
			Vendor: 'Acme Corp',
			Amount: '1250.50',
			'Invoice Date': '2026-01-15',
			Status: 'Approved',
			Notes: ['Approved by J. Smith', 'Paid by wire on receipt'],
		},
		tags: ['Approved'],
		iso: '2026-01-16T10:00:00.000Z',
	});
	doc(inv2026.id, 'INV-2026-0002 Globex', {
		...pdf('Invoice INV-2026-0002', 'Globex Corporation, widgets, total 4300.00 USD'),
		template: 'Invoice',
		fields: {
			'Invoice Number': 'INV-2026-0002',
			Vendor: 'Globex Corporation',
			Amount: '4300',
			'Invoice Date': '2026-02-02',
			Status: 'Pending',
		},
		tags: ['Needs Review'],
		iso: '2026-02-03T08:30:00.000Z',
	});
	doc(inv2026.id, 'INV-2026-0003 Café Müller', {
		...pdf('Invoice INV-2026-0003', 'Cafe Mueller GmbH, catering, total 212.40 EUR'),
		template: 'Invoice',
		fields: {
			'Invoice Number': 'INV-2026-0003',
			Vendor: 'Café Müller GmbH',
			Amount: '212.40',
			'Invoice Date': '2026-02-20',
			Status: 'Pending',
		},
		iso: '2026-02-21T13:05:00.000Z',
	});
	doc(scans.id, 'scan 0001', {
		content: tinyTiff(),
		extension: 'tif',
		mimeType: 'image/tiff',
		text: '',
		pages: 1,
		iso: '2025-03-01T12:30:00.000Z',
		creator: 'scanner',
	});
	const minutesText =
		'Meeting minutes, 15 January 2026.\nAttendees: Finance, Legal.\nDecisions: approve the Acme invoice; review the Globex invoice at 123 Windham Ave before payment.\n';
	doc(shared.id, 'Meeting Minutes 2026-01-15', {
		content: Buffer.from(minutesText, 'utf8'),
		extension: 'txt',
		mimeType: 'text/plain',
		text: minutesText,
		template: 'General',
		fields: { Department: 'Finance' },
		iso: '2026-01-15T17:00:00.000Z',
	});
	Object.assign(
		repo.createShortcut(shared.id, 'Acme invoice (shortcut)', acme.id),
		at('2026-01-16T10:05:00.000Z'),
	);
	const reportText = '月次報告書\n売上は前月比で増加しました。\n';
	doc(japanese.id, '報告書', {
		content: Buffer.from(reportText, 'utf8'),
		extension: 'txt',
		mimeType: 'text/plain',
		text: reportText,
		iso: '2025-06-01T01:10:00.000Z',
	});
	const welcome =
		'Welcome to the Laserfiche emulator repository.\nEverything here is sample data.\n';
	doc(root, 'Welcome', {
		content: Buffer.from(welcome, 'utf8'),
		extension: 'txt',
		mimeType: 'text/plain',
		text: welcome,
		iso: '2025-01-06T09:00:00.000Z',
	});

	repo.addLink(acme.id, msa.id, 1, { Reason: 'Contract for these services' });
	repo.get(1).creationTime = '2025-01-06T08:00:00.000Z';
	repo.get(1).lastModifiedTime = '2026-02-21T13:05:00.000Z';
	return repo;
}

module.exports = { seedRepository, tinyPdf, tinyTiff };
