import { Arg, Ctx, Int, Query, Resolver } from 'type-graphql';
import { publicError } from '../shared/errors/public-error';
import type { LocalizedText as LocalizedTextJson } from '../__generated__';
import type { Context } from '../shared/request-context';
import type { TemplateService } from './template.service';
import { categoryNodes, type CategoryNode } from './category-tree';
import { ComplaintType, FormTemplate, Language, type ComplaintCategory, type LocalizedText } from './complaint-type.types';
import { localizeSchema } from './localize-schema';
import { TemplateRetirement } from './template-retirement.entity';

const localized = (text: LocalizedTextJson): LocalizedText => ({ zhCN: text['zh-CN'], en: text.en });

/** The flat list and the children share node objects, so a tree is converted once. */
function categoriesOf(nodes: CategoryNode[]): ComplaintCategory[] {
  const converted = new Map<CategoryNode, ComplaintCategory>();
  const convert = (node: CategoryNode): ComplaintCategory => {
    let out = converted.get(node);
    if (!out) {
      out = { key: node.key, title: localized(node.title), description: node.description ? localized(node.description) : null, parentKey: node.parentKey, path: node.path, children: [] };
      converted.set(node, out);
      out.children = node.children.map(convert);
    }
    return out;
  };
  return nodes.map(convert);
}

@Resolver(() => ComplaintType)
export class TemplateResolver {
  constructor(
    private readonly templateService: TemplateService,
  ) {}

  @Query(() => [ComplaintType], { description: 'The latest published version of every complaint type that takes new complaints (the intake list), by key; retired ones too with includeRetired.' })
  async complaintTypes(
    @Ctx() ctx: Context,
    @Arg('includeRetired', { defaultValue: false, description: 'Also list retired types (to show complaints pinned to them).' }) includeRetired: boolean,
  ): Promise<ComplaintType[]> {
    const types = await this.templateService.complaintTypes(ctx.em, ctx.tenant.id);
    const retired = new Set((await ctx.em.find(TemplateRetirement, { kind: 'complaint-type' })).map((r) => r.key));
    return [...types.values()].filter(({ key }) => includeRetired || !retired.has(key)).map(({ key, version, content, publishedAt }) => ({
      key,
      version,
      title: localized(content.title),
      description: content.description ? localized(content.description) : null,
      intakeSchema: content.intakeSchema,
      uiSchema: content.uiSchema ?? {},
      publishedAt,
      retired: retired.has(key),
      categories: categoriesOf(categoryNodes(content.categories)),
    }));
  }

  @Query(() => FormTemplate, {
    description: "A complaint type's intake form localized for rendering; the latest version unless one is asked for. NOT_FOUND when there is no such type or version.",
  })
  async formTemplate(
    @Arg('key') key: string,
    @Ctx() ctx: Context,
    @Arg('version', () => Int, { nullable: true }) version?: number,
    @Arg('locale', () => Language, { nullable: true, description: "Defaults to the request's Accept-Language." }) locale?: Language,
  ): Promise<FormTemplate> {
    const { templateService: templates } = this;
    const type =
      version === undefined || version === null
        ? await templates.latestComplaintType(ctx.em, ctx.tenant.id, key)
        : await templates.complaintTypeVersion(ctx.em, ctx.tenant.id, key, version);
    if (!type) throw publicError('NOT_FOUND', `No complaint type ${JSON.stringify(key)}${version ? ` version ${version}` : ''}`);
    const language = locale ?? (ctx.locale as Language);
    return {
      key: type.key,
      version: type.version,
      language,
      title: type.content.title[language],
      description: type.content.description?.[language] ?? null,
      schema: localizeSchema(type.content.intakeSchema as never, language) as Record<string, unknown>,
      uiSchema: type.content.uiSchema ?? {},
    };
  }
}
