import { Ctx, Query, Resolver } from 'type-graphql';
import type { LocalizedText as LocalizedTextJson } from '../__generated__';
import type { Context } from '../server/context';
import { ComplaintType, type LocalizedText } from './complaint-type.types';

const localized = (text: LocalizedTextJson): LocalizedText => ({ zhCN: text['zh-CN'], en: text.en });

@Resolver(() => ComplaintType)
export class TemplateResolver {
  @Query(() => [ComplaintType], { description: 'The latest published version of every complaint type, by key.' })
  async complaintTypes(@Ctx() ctx: Context): Promise<ComplaintType[]> {
    const types = await ctx.services.templates.complaintTypes(ctx.em, ctx.tenant.id);
    return [...types.values()].map(({ key, version, content, publishedAt }) => ({
      key,
      version,
      title: localized(content.title),
      description: content.description ? localized(content.description) : null,
      intakeSchema: content.intakeSchema,
      uiSchema: content.uiSchema ?? {},
      publishedAt,
    }));
  }
}
