import { Field, InputType } from 'type-graphql';

@InputType({ description: 'A new API key for an integrator.' })
export class CreateApiKeyInput {
  @Field({ description: '1 to 200 characters, e.g. the system that uses it.' })
  name!: string;

  @Field(() => [String], { description: 'Keys of the organization template\'s roles the key acts with.' })
  roles!: string[];
}
