/** Every template kind: its meta-schema under schemas/ and where its files live under templates/. */
export const TEMPLATE_KINDS = {
  organization: { metaSchema: 'organization.schema.json', directory: null, file: 'organization.json' },
  'complaint-type': { metaSchema: 'complaint-type.schema.json', directory: 'complaint-types', file: null },
  investigation: { metaSchema: 'investigation.schema.json', directory: 'investigations', file: null },
  'approval-route': { metaSchema: 'approval-route.schema.json', directory: 'approval-routes', file: null },
  'escalation-policy': { metaSchema: 'escalation-policy.schema.json', directory: 'escalation-policies', file: null },
  workflow: { metaSchema: 'workflow.schema.json', directory: 'workflows', file: null },
  message: { metaSchema: 'message.schema.json', directory: 'messages', file: null },
} as const;

export type TemplateKind = keyof typeof TEMPLATE_KINDS;

export const TEMPLATE_KIND_NAMES = Object.keys(TEMPLATE_KINDS) as TemplateKind[];

export const SCHEMA_BASE_URI = 'https://schemas.complaint-qms.local/';

export const metaSchemaId = (kind: TemplateKind) => `${SCHEMA_BASE_URI}${TEMPLATE_KINDS[kind].metaSchema}`;

export const isTemplateKind = (value: unknown): value is TemplateKind => typeof value === 'string' && value in TEMPLATE_KINDS;
