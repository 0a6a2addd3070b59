import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, Int, ObjectType } from 'type-graphql';

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
