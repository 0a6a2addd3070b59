import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';

@ObjectType({ description: 'Text in Simplified Chinese and English.' })
export class LocalizedText {
  @Field({ description: 'Simplified Chinese (zh-CN).' })
  zhCN!: string;

  @Field({ description: 'English.' })
  en!: string;
}

@ObjectType({ description: 'A published complaint type: what a frontend needs to render its intake form.' })
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
