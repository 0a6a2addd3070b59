import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { requirePermission } from '../auth';
import type { Context } from '../shared/request-context';
import type { TemplateReader } from '../shared/template-reader';
import type { ExportService } from './export.service';
import { ExportInput, ExportKind } from './export.inputs';
import { RequestExportResult } from './export.results';

@Resolver()
export class ExportResolver {
  constructor(
    private readonly templateService: TemplateReader,
    private readonly exportService: ExportService,
  ) {}

  @Mutation(() => RequestExportResult, { description: 'A 15-minute download link for the complaint list, a statistic (CSV, XLSX) or a chart (SVG, PNG); see README "Exports and charts".' })
  async requestExport(@Ctx() ctx: Context, @Arg('input') input: ExportInput): Promise<typeof RequestExportResult> {
    await requirePermission(this.templateService, ctx, input.kind === ExportKind.COMPLAINTS ? 'export.complaints' : 'stats.read');
    return this.exportService.requestExport(ctx, input);
  }
}
