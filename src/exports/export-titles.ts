import type { EntityManager } from '@mikro-orm/core';
import type { Category, ComplaintTypeTemplate, LocalizedText, OrganizationTemplate, WorkflowTemplate } from '../__generated__';
import type { Locale } from '../shared/i18n/locale';
import type { TemplateService } from '../templates';
import { label } from './export-labels';

/** The stored keys an export shows by their template title: the others (months, products, customers) have none. */
export const TITLED_DIMENSIONS = ['TYPE', 'CATEGORY', 'SEVERITY', 'DEPARTMENT'] as const;
export type TitledDimension = (typeof TITLED_DIMENSIONS)[number];

export const isTitled = (dimension: string): dimension is TitledDimension => (TITLED_DIMENSIONS as readonly string[]).includes(dimension);

type Titles = Map<string, string>;

/** A pinned workflow version's content, by key and version (undefined when it is gone). */
type WorkflowLoader = (key: string, version: number) => Promise<WorkflowTemplate | undefined>;
/** A pinned complaint-type version's content, by key and version (undefined when it is gone). */
type ComplaintTypeLoader = (key: string, version: number) => Promise<ComplaintTypeTemplate | undefined>;

/**
 * Titles of stored keys in one language, from the tenant's latest published templates: complaint types, their
 * categories (the node's own title) and severities, the organization's departments; a complaint's status from
 * its pinned workflow version. A key no template has (since removed) is shown as the key, null as "(not set)".
 */
export class KeyTitles {
  constructor(
    readonly language: Locale,
    private readonly byDimension: Record<TitledDimension, Titles>,
    /** Categories and severities of each type, for a complaint whose type is known. */
    private readonly byType: Map<string, { CATEGORY: Titles; SEVERITY: Titles }>,
    private readonly workflow: WorkflowLoader = async () => undefined,
    private readonly complaintTypeLoader: ComplaintTypeLoader = async () => undefined,
  ) {}

  private readonly states = new Map<string, Promise<Titles>>();
  private readonly types = new Map<string, Promise<ComplaintTypeTemplate | undefined>>();

  /** The complaint-type version a complaint is pinned to (read once per version): where its intake keeps what the export shows. */
  complaintType(typeKey: string, version: number): Promise<ComplaintTypeTemplate | undefined> {
    const id = `${typeKey}@${version}`;
    let type = this.types.get(id);
    if (!type) this.types.set(id, (type = this.complaintTypeLoader(typeKey, version)));
    return type;
  }

  /** The title of a complaint's status: the state's title in the workflow version the complaint is pinned to (read once per version). */
  async status(workflowKey: string, workflowVersion: number, status: string): Promise<string> {
    const id = `${workflowKey}@${workflowVersion}`;
    let titles = this.states.get(id);
    if (!titles) {
      titles = this.workflow(workflowKey, workflowVersion).then((w) => new Map((w?.states ?? []).map((s) => [s.key, s.title[this.language]])));
      this.states.set(id, titles);
    }
    return (await titles).get(status) ?? status;
  }

  /** The title of `key` in `dimension`; of `typeKey`'s own category or severity when given. */
  title(dimension: string, key: string | null, typeKey?: string): string {
    if (key === null) return label('notSet', this.language);
    if (!isTitled(dimension)) return key;
    const own = typeKey && (dimension === 'CATEGORY' || dimension === 'SEVERITY') ? this.byType.get(typeKey)?.[dimension].get(key) : undefined;
    return own ?? this.byDimension[dimension].get(key) ?? key;
  }

  static none(language: Locale): KeyTitles {
    return new KeyTitles(language, { TYPE: new Map(), CATEGORY: new Map(), SEVERITY: new Map(), DEPARTMENT: new Map() }, new Map());
  }
}

function walk(categories: Category[], text: (t: LocalizedText) => string, into: Titles): Titles {
  for (const c of categories) {
    into.set(c.key, text(c.title));
    walk(c.children ?? [], text, into);
  }
  return into;
}

/**
 * Reads the titles once per export (the template service caches the latest versions). A category or severity
 * key two types share with different titles is shown, where the type is not known (statistics), with the title
 * of the first type in key order.
 */
export async function loadKeyTitles(templates: TemplateService, em: EntityManager, tenantId: string, language: Locale): Promise<KeyTitles> {
  const text = (t: LocalizedText) => t[language];
  const types = [...(await templates.complaintTypes(em, tenantId)).values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const org = await templates.latestTemplate<OrganizationTemplate>(em, tenantId, 'organization', 'default');
  const byType = new Map(types.map((t) => [t.key, { CATEGORY: walk(t.content.categories, text, new Map()), SEVERITY: new Map(t.content.severities.map((s) => [s.key, text(s.title)])) }]));
  const union = (dimension: 'CATEGORY' | 'SEVERITY'): Titles => {
    const all: Titles = new Map();
    for (const own of byType.values()) for (const [key, title] of own[dimension]) if (!all.has(key)) all.set(key, title);
    return all;
  };
  return new KeyTitles(
    language,
    {
      TYPE: new Map(types.map((t) => [t.key, text(t.content.title)])),
      CATEGORY: union('CATEGORY'),
      SEVERITY: union('SEVERITY'),
      DEPARTMENT: new Map((org?.content.departments ?? []).map((d) => [d.key, text(d.title)])),
    },
    byType,
    (key, version) => templates.templateVersion<WorkflowTemplate>(em, tenantId, 'workflow', key, version),
    (key, version) => templates.templateVersion<ComplaintTypeTemplate>(em, tenantId, 'complaint-type', key, version),
  );
}
