import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, InputType, registerEnumType } from 'type-graphql';

export enum TenantSeed {
  SHIPPED = 'shipped',
  BUNDLE = 'bundle',
  EMPTY = 'empty',
}

registerEnumType(TenantSeed, {
  name: 'TenantSeed',
  description: "Where a new tenant's first templates come from.",
  valuesConfig: {
    SHIPPED: { description: 'The shipped set (the files of TEMPLATES_DIR).' },
    BUNDLE: { description: 'A bundle from exportTemplates, checked as a set: nothing is created when it has errors.' },
    EMPTY: { description: 'None: its admins publish every template.' },
  },
});

@InputType({ description: 'A new tenant.' })
export class CreateTenantInput {
  @Field({ description: 'Lowercase letters, digits and "-", starting with a letter or digit, at most 63 characters; unique.' })
  slug!: string;

  @Field({ description: '1 to 200 characters.' })
  name!: string;

  @Field(() => TenantSeed, { defaultValue: TenantSeed.SHIPPED })
  from!: TenantSeed;

  @Field(() => GraphQLJSONObject, { nullable: true, description: 'With from: BUNDLE, the bundle (the format of exportTemplates).' })
  bundle?: Record<string, unknown> | null;
}
