import { GraphQLJSONObject } from 'graphql-scalars';
import { visibleComplaints, visibleInvestigations, sightOf } from '../auth';
import { principalName } from '../auth';
import type { Section } from '../__generated__';
import { Arg, Args, Ctx, Field, FieldResolver, ID, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { Complaint } from '../complaints';
import { DomainEvent } from '../db/event.entity';
import type { Context } from '../shared/request-context';
import type { Database } from '../db/database';
import type { Clock } from '../scheduler';
import type { ComplaintService, StageOneService } from '../complaints';
import type { TemplateReader } from '../shared/template-reader';
import type { InvestigationService } from './investigation.service';
import { ValidationProblem } from '../shared/errors/error-results';
import { toGlobalId } from '../shared/graphql/global-id';
import { localizeSchema } from '../templates';
import { investigationReportJson } from '../reports';
import { reportPath } from '../reports';
import { SignatureSummaryView, summaryView } from '../signatures';
import { buildInvestigationReport } from './report-builder';
import { Investigation, InvestigationSection } from './investigation.entity';
import {
  CloseInvestigationInput,
  InvestigationsArgs,
  LinkComplaintsInput,
  OpenInvestigationInput,
  RecordEffectivenessResultInput,
  ReopenSectionInput,
  SaveSectionDraftInput,
  ScheduleEffectivenessCheckInput,
  SectionStepInput,
  SetInvestigationTeamInput,
  SignOffSectionInput,
  UnlinkComplaintInput,
} from './investigation.inputs';
import { InvestigationConnection, InvestigationResult, SectionResult } from './investigation.results';

@ObjectType({ description: 'A member of the investigation team (D1).' })
class TeamMemberView {
  @Field({ description: 'user:<uuid> or api-key:<uuid>.' })
  principalId!: string;

  @Field(() => String, { nullable: true, description: "The member's display name (a user's) or name (a key's); null when it names no user or key of the tenant any more." })
  name!: string | null;

  @Field()
  role!: string;
}

@ObjectType({ description: 'A signature on a section (21 CFR 11.50: who, when, meaning).' })
class SignOffView {
  @Field()
  by!: string;

  @Field()
  name!: string;

  @Field({ description: 'The role signed under.' })
  role!: string;

  @Field()
  meaning!: string;

  @Field(() => String, { nullable: true })
  comment!: string | null;

  @Field()
  at!: Date;

  @Field(() => SignatureSummaryView, { nullable: true, description: 'The electronic signature, where the sign-off was signed.' })
  signature!: SignatureSummaryView | null;
}

@ObjectType({ description: 'A section reopened: by whom, why, from which status.' })
class ReopeningView {
  @Field()
  by!: string;

  @Field()
  reason!: string;

  @Field()
  fromStatus!: string;

  @Field()
  at!: Date;
}

@ObjectType({ description: 'The effectiveness check: scheduled date and criteria, then the result and its evidence.' })
class EffectivenessView {
  @Field()
  scheduledFor!: string;

  @Field()
  criteria!: string;

  @Field(() => String, { nullable: true, description: 'passed, failed, or null while pending.' })
  result!: string | null;

  @Field(() => String, { nullable: true })
  evidence!: string | null;

  @Field(() => String, { nullable: true })
  recordedBy!: string | null;

  @Field(() => Date, { nullable: true })
  recordedAt!: Date | null;

  @Field(() => String, { nullable: true, description: 'Why the result was recorded before the scheduled date (null when it was not).' })
  earlyReason!: string | null;

  @Field()
  scheduledBy!: string;

  @Field()
  scheduledAt!: Date;
}


@Resolver(() => Investigation)
export class InvestigationResolver {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly complaintService: ComplaintService,
    private readonly templateService: TemplateReader,
    private readonly investigationService: InvestigationService,
  ) {}

  @FieldResolver(() => ID)
  id(@Root() inv: Investigation): string {
    return toGlobalId('Investigation', inv.id);
  }

  @FieldResolver(() => [InvestigationSection], { description: 'The sections in template order.' })
  async sections(@Root() inv: Investigation, @Ctx() ctx: Context): Promise<InvestigationSection[]> {
    return (await this.investigationService.sectionsOf(ctx.em, ctx.tenant.id, inv)).map((r) => r.section);
  }

  @FieldResolver(() => [Complaint], { description: 'The complaints it answers (linked, not unlinked).' })
  async complaints(@Root() inv: Investigation, @Ctx() ctx: Context): Promise<Complaint[]> {
    return this.investigationService.complaintsOf(ctx.em, inv, visibleComplaints<Complaint>(ctx.em, await sightOf(this.templateService, ctx.em, ctx, this.db.dialect)));
  }

  @FieldResolver(() => [TeamMemberView])
  async team(@Root() inv: Investigation, @Ctx() ctx: Context): Promise<TeamMemberView[]> {
    return Promise.all(inv.team.map(async (m) => ({ ...m, name: await principalName(ctx.em, ctx.tenant.id, m.principalId) })));
  }

  @FieldResolver(() => String, { nullable: true, description: "The leader's display name (a user's) or name (a key's), beside leaderId." })
  leaderName(@Root() inv: Investigation, @Ctx() ctx: Context): Promise<string | null> {
    return principalName(ctx.em, ctx.tenant.id, inv.leaderId);
  }

  @FieldResolver(() => String, { nullable: true, description: "The champion's display name (a user's) or name (a key's), beside championId." })
  championName(@Root() inv: Investigation, @Ctx() ctx: Context): Promise<string | null> {
    return principalName(ctx.em, ctx.tenant.id, inv.championId);
  }

  @FieldResolver(() => EffectivenessView, { nullable: true })
  effectiveness(@Root() inv: Investigation): EffectivenessView | null {
    const e = inv.effectiveness;
    return e && { ...e, scheduledAt: new Date(e.scheduledAt), recordedAt: e.recordedAt ? new Date(e.recordedAt) : null, earlyReason: e.earlyReason ?? null };
  }

  @FieldResolver(() => [DomainEvent], { description: 'Audit trail of this investigation, oldest first.' })
  historyEvents(@Root() inv: Investigation, @Ctx() ctx: Context, @Arg('first', () => Int, { defaultValue: 100, description: '1 to 100.' }) first: number): Promise<DomainEvent[]> {
    return ctx.em.find(DomainEvent, { subjectId: inv.id }, { orderBy: { sequence: 'asc' }, limit: Math.min(Math.max(first, 1), 100) });
  }

  @FieldResolver(() => GraphQLJSONObject, { description: 'The 8D report as the documented JSON export (format investigation-report): every section with bilingual labels, data, sign-offs.' })
  async report(@Root() inv: Investigation, @Ctx() ctx: Context): Promise<Record<string, unknown>> {
    return investigationReportJson(await buildInvestigationReport(ctx.em, ctx.tenant.id, inv, this.investigationService, this.templateService, this.clock.now())) as unknown as Record<string, unknown>;
  }

  @FieldResolver(() => String, { description: 'Where to GET the report as a PDF (bilingual; ?lang=zh-CN|en|both), with the same Authorization header; .json for the JSON export.' })
  reportPdfPath(@Root() inv: Investigation): string {
    return reportPath(toGlobalId('Investigation', inv.id), 'pdf');
  }

  @Query(() => Investigation, { description: 'One investigation; NOT_FOUND when it does not exist for the caller.' })
  investigation(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<Investigation> {
    return this.investigationService.get(ctx, id);
  }

  @Query(() => InvestigationConnection, { description: "Investigations of the caller's tenant, newest first." })
  investigations(@Args() args: InvestigationsArgs, @Ctx() ctx: Context) {
    return this.investigationService.list(ctx, args);
  }

  @Query(() => [Investigation], { description: 'Recurrence: investigations on the same part number and category as the complaint, open or closed, not linked to it yet.' })
  async suggestedInvestigations(@Arg('complaintId', () => ID) complaintId: string, @Ctx() ctx: Context): Promise<Investigation[]> {
    return this.investigationService.suggestions(ctx.em, await this.complaintService.get(ctx, complaintId), visibleInvestigations<Investigation>(ctx.em, await sightOf(this.templateService, ctx.em, ctx, this.db.dialect)));
  }

  @Mutation(() => InvestigationResult, { description: 'Open an investigation for one or more complaints, or standalone; its sections come from the template.' })
  openInvestigation(@Arg('input') input: OpenInvestigationInput, @Ctx() ctx: Context) {
    return this.investigationService.open(ctx, input);
  }

  @Mutation(() => InvestigationResult, { description: 'Link more complaints that share the cause (a decision recorded with who and why).' })
  linkComplaints(@Arg('input') input: LinkComplaintsInput, @Ctx() ctx: Context) {
    return this.investigationService.linkComplaints(ctx, input);
  }

  @Mutation(() => InvestigationResult, { description: 'Unlink a complaint, with the reason (the link is kept in the history).' })
  unlinkComplaint(@Arg('input') input: UnlinkComplaintInput, @Ctx() ctx: Context) {
    return this.investigationService.unlinkComplaint(ctx, input);
  }

  @Mutation(() => InvestigationResult, { description: 'Set the leader (at or above the required level), champion and team (D1).' })
  setInvestigationTeam(@Arg('input') input: SetInvestigationTeamInput, @Ctx() ctx: Context) {
    return this.investigationService.setTeam(ctx, input);
  }

  @Mutation(() => SectionResult, { description: "Save a section's draft; kept even when invalid, with its problems." })
  saveSectionDraft(@Arg('input') input: SaveSectionDraftInput, @Ctx() ctx: Context) {
    return this.investigationService.saveDraft(ctx, input);
  }

  @Mutation(() => SectionResult, { description: "Submit a section's draft: it must be valid and its prerequisites signed off." })
  submitSection(@Arg('input') input: SectionStepInput, @Ctx() ctx: Context) {
    return this.investigationService.submit(ctx, input);
  }

  @Mutation(() => SectionResult, { description: 'Sign a submitted section off, by the role the template names.' })
  signOffSection(@Arg('input') input: SignOffSectionInput, @Ctx() ctx: Context) {
    return this.investigationService.signOff(ctx, input);
  }

  @Mutation(() => SectionResult, { description: 'Reopen a submitted or signed-off section, with a reason.' })
  reopenSection(@Arg('input') input: ReopenSectionInput, @Ctx() ctx: Context) {
    return this.investigationService.reopenSection(ctx, input);
  }

  @Mutation(() => InvestigationResult, { description: 'Schedule the effectiveness check (every section signed off).' })
  scheduleEffectivenessCheck(@Arg('input') input: ScheduleEffectivenessCheckInput, @Ctx() ctx: Context) {
    return this.investigationService.scheduleEffectivenessCheck(ctx, input);
  }

  @Mutation(() => InvestigationResult, { description: 'Record the effectiveness check: passed closes, failed reopens the root-cause analysis and what depends on it.' })
  recordEffectivenessResult(@Arg('input') input: RecordEffectivenessResultInput, @Ctx() ctx: Context) {
    return this.investigationService.recordEffectivenessResult(ctx, input);
  }

  @Mutation(() => InvestigationResult, { description: 'Close without completing (duplicate, not reproducible ...), with the reason.' })
  closeInvestigation(@Arg('input') input: CloseInvestigationInput, @Ctx() ctx: Context) {
    return this.investigationService.close(ctx, input);
  }
}

@Resolver(() => InvestigationSection)
export class InvestigationSectionResolver {
  constructor(
    private readonly investigationService: InvestigationService,
  ) {}

  private def(section: InvestigationSection, ctx: Context): Promise<Section> {
    return this.investigationService.sectionDef(ctx.em, ctx.tenant.id, section);
  }

  @FieldResolver(() => ID, { description: 'The investigation it belongs to.' })
  investigationId(@Root() section: InvestigationSection): string {
    return toGlobalId('Investigation', section.investigationId);
  }

  @FieldResolver(() => String, { description: "In the caller's language." })
  async title(@Root() section: InvestigationSection, @Ctx() ctx: Context): Promise<string> {
    return (await this.def(section, ctx)).title[ctx.locale];
  }

  @FieldResolver(() => GraphQLJSONObject, { description: "The section's JSON Schema (labels in the caller's language) to render its form." })
  async schema(@Root() section: InvestigationSection, @Ctx() ctx: Context): Promise<Record<string, unknown>> {
    return localizeSchema((await this.def(section, ctx)).schema as never, ctx.locale) as Record<string, unknown>;
  }

  @FieldResolver(() => [String], { description: 'Sections that must be signed off before this one can be submitted.' })
  async prerequisites(@Root() section: InvestigationSection, @Ctx() ctx: Context): Promise<string[]> {
    return (await this.def(section, ctx)).prerequisites ?? [];
  }

  @FieldResolver(() => String, { description: 'The role that fills it in.' })
  async ownerRole(@Root() section: InvestigationSection, @Ctx() ctx: Context): Promise<string> {
    return (await this.def(section, ctx)).ownerRole;
  }

  @FieldResolver(() => String, { description: 'The role that signs it off.' })
  async signOffRole(@Root() section: InvestigationSection, @Ctx() ctx: Context): Promise<string> {
    return (await this.def(section, ctx)).signOffRole;
  }

  @FieldResolver(() => [ValidationProblem], { description: "What is wrong with the draft against the section's schema (empty: submittable)." })
  problems(@Root() section: InvestigationSection): ValidationProblem[] {
    return section.draftProblems.map((p) => new ValidationProblem(p.path, p.code, p.message));
  }

  @FieldResolver(() => [SignOffView])
  signOffs(@Root() section: InvestigationSection): SignOffView[] {
    return section.signOffs.map((s) => ({ ...s, at: new Date(s.at), signature: summaryView(s.signature) }));
  }

  @FieldResolver(() => [ReopeningView])
  reopenings(@Root() section: InvestigationSection): ReopeningView[] {
    return section.reopenings.map((r) => ({ ...r, at: new Date(r.at) }));
  }
}

@Resolver(() => Complaint)
export class ComplaintInvestigationResolver {
  constructor(
    private readonly db: Database,
    private readonly templateService: TemplateReader,
    private readonly investigationService: InvestigationService,
    private readonly stageOneService: StageOneService,
  ) {}

  @FieldResolver(() => Investigation, { nullable: true, description: "In a step's answer: the investigation the step opened (e.g. the 8D the type's rules require when a major complaint is accepted). Null when it opened none, and outside a step's answer (see investigations)." })
  async openedInvestigation(@Root() complaint: Complaint, @Ctx() ctx: Context): Promise<Investigation | null> {
    const opened = this.stageOneService.openedBy(complaint);
    return opened && ctx.em.findOne(Investigation, { $and: [{ id: opened.id }, visibleInvestigations(ctx.em, await sightOf(this.templateService, ctx.em, ctx, this.db.dialect))] });
  }

  @FieldResolver(() => [Investigation], { description: 'The investigations (stage 2) this complaint is linked to.' })
  async investigations(@Root() c: Complaint, @Ctx() ctx: Context): Promise<Investigation[]> {
    return this.investigationService.investigationsOf(ctx.em, c.id, visibleInvestigations<Investigation>(ctx.em, await sightOf(this.templateService, ctx.em, ctx, this.db.dialect)));
  }

  @FieldResolver(() => [Investigation], { description: 'Recurrence: investigations on the same part number and category, open or closed, not linked yet: candidates to link.' })
  async suggestedInvestigations(@Root() c: Complaint, @Ctx() ctx: Context): Promise<Investigation[]> {
    return this.investigationService.suggestions(ctx.em, c, visibleInvestigations<Investigation>(ctx.em, await sightOf(this.templateService, ctx.em, ctx, this.db.dialect)));
  }
}
