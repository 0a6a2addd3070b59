import { Field, InputType } from 'type-graphql';

@InputType({ description: 'An electronic signature given with a step (21 CFR 11.200): the signing user re-enters their password and states the meaning.' })
export class SignatureInput {
  @Field({ description: "The signer's password, checked again for this signature (wrong: counts toward the login lockout)." })
  password!: string;

  @Field({ description: "Key of one of the meanings the template allows for this step, e.g. approved." })
  meaning!: string;
}
