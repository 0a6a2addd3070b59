import { Field, ID, InputType } from 'type-graphql';

@InputType({ description: 'A new user with an initial password (tell it to the person; they change it with changeMyPassword).' })
export class CreateUserInput {
  @Field({ description: '2 to 100 characters: lowercase letters, digits and . _ @ - (stored lowercase); unique in the tenant.' })
  username!: string;

  @Field({ description: 'Printed name, 1 to 200 characters: shown as the actor of what the user does.' })
  displayName!: string;

  @Field({ description: '12 to 256 characters.' })
  password!: string;

  @Field(() => [String], { defaultValue: [], description: 'Keys of the organization template\'s roles.' })
  roles!: string[];

  @Field(() => [String], { defaultValue: [], description: 'Keys of the organization template\'s departments.' })
  departments!: string[];

  @Field(() => String, { nullable: true, description: 'Key of the organization template\'s levels.' })
  level?: string | null;
}

@InputType({ description: 'Changes to a user; omitted fields stay as they are.' })
export class UpdateUserInput {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { nullable: true })
  displayName?: string | null;

  @Field(() => [String], { nullable: true })
  roles?: string[] | null;

  @Field(() => [String], { nullable: true })
  departments?: string[] | null;

  @Field(() => String, { nullable: true, description: 'A level key; null removes the level, omitted keeps it.' })
  level?: string | null;
}
