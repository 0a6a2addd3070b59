import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';

@ObjectType({ description: 'Text in Simplified Chinese and English.' })
export class LocalizedText {
  @Field({ description: 'Simplified Chinese (zh-CN).' })
  zhCN!: string;

  @Field({ description: 'English.' })
  en!: string;
}

@ObjectType({ description: 'A node of a complaint type\'s category tree; any node, not only a leaf, is a valid category.' })
export class ComplaintCategory {
  @Field({ description: 'The key acceptComplaint and classifyComplaint take as category.' })
  key!: string;

  @Field(() => LocalizedText)
  title!: LocalizedText;

  @Field(() => LocalizedText, { nullable: true })
  description!: LocalizedText | null;

  @Field(() => String, { nullable: true, description: 'Key of the parent node; null at the top of the tree.' })
  parentKey!: string | null;

  @Field(() => [String], { description: 'Keys from the top of the tree down to this node, itself included (what rules see as facts.categoryPath).' })
  path!: string[];

  @Field(() => [ComplaintCategory], { description: 'The nodes directly below, in template order.' })
  children!: ComplaintCategory[];
}

@ObjectType({ description: 'A published complaint type: what a frontend needs to render its intake form and classify a complaint.' })
export class ComplaintType {
  @Field()
  key!: string;

  @Field(() => Int, { description: 'Published version; new complaints are pinned to it.' })
  version!: number;

  @Field(() => LocalizedText)
  title!: LocalizedText;

  @Field(() => LocalizedText, { nullable: true })
  description?: LocalizedText | null;

  @Field(() => GraphQLJSONObject, { description: 'JSON Schema (draft 2020-12) of the form data; labels in x-title (zh-CN, en).' })
  intakeSchema!: Record<string, unknown>;

  @Field(() => GraphQLJSONObject, { description: 'UI schema (react-jsonschema-form conventions).' })
  uiSchema!: Record<string, unknown>;

  @Field()
  publishedAt!: Date;

  @Field({ description: 'Retired: it takes no new complaints (listed only with includeRetired); complaints pinned to it keep working.' })
  retired!: boolean;

  @Field(() => [ComplaintCategory], {
    description:
      'Every node of the category tree, depth first (a parent before its children): rebuild the tree of any depth from parentKey in one query, or start from the nodes whose parentKey is null and follow children.',
  })
  categories!: ComplaintCategory[];
}

export enum Language {
  ZH_CN = 'zh-CN',
  EN = 'en',
}
registerEnumType(Language, { name: 'Language', description: 'Languages every user-facing text exists in.' });

@ObjectType({ description: 'A form in one language, plain JSON Schema + UI schema for react-jsonschema-form or JSON Forms.' })
export class FormTemplate {
  @Field({ description: 'Complaint type key.' })
  key!: string;

  @Field(() => Int)
  version!: number;

  @Field(() => Language)
  language!: Language;

  @Field()
  title!: string;

  @Field(() => String, { nullable: true })
  description!: string | null;

  @Field(() => GraphQLJSONObject, { description: 'JSON Schema with title/description in this language and enums as oneOf [{const, title}].' })
  schema!: Record<string, unknown>;

  @Field(() => GraphQLJSONObject)
  uiSchema!: Record<string, unknown>;
}
