import { createUnionType, Field, ObjectType } from 'type-graphql';
import { ValidationError } from '../shared/errors/error-results';

@ObjectType({ description: 'A download link: a plain GET of url (no Authorization header: the token in it is the capability) until expiresAt; the file is rendered from the data of that moment.' })
export class ExportLink {
  @Field({ description: 'Path on this server, e.g. /exports/<token>.xlsx, for <a href download>.' })
  url!: string;

  @Field({ description: 'The name the file is served under (Content-Disposition attachment).' })
  filename!: string;

  @Field()
  contentType!: string;

  @Field({ description: '15 minutes after the request.' })
  expiresAt!: Date;
}

export const RequestExportResult = createUnionType({
  name: 'RequestExportResult',
  types: () => [ExportLink, ValidationError] as const,
  resolveType: (value) => (value instanceof ValidationError ? ValidationError : ExportLink),
});
