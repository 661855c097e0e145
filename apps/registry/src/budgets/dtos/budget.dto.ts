import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  BUDGET_LIMITS,
  BUDGET_PERIODS,
  BUDGET_RULES,
  BUDGET_SCOPE_KINDS,
  type BudgetAlert,
  type BudgetConsumption,
  type BudgetLimits,
  type BudgetPeriod,
  type BudgetScope,
  type BudgetScopeKind,
  type BudgetThresholdEventView,
  type BudgetView,
  type FieldError,
  ruleSchema,
} from '@model-garden/contracts';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsISO8601, IsObject, IsOptional, ValidateNested } from 'class-validator';
import { FollowsRule } from '../../shared/validation.util';

export class BudgetScopeDto {
  @ApiProperty({ ...ruleSchema(BUDGET_RULES.scopeKind), description: 'What the budget applies to' })
  @FollowsRule(BUDGET_RULES.scopeKind)
  kind!: BudgetScopeKind;

  @ApiPropertyOptional({ ...ruleSchema(BUDGET_RULES.scopeTargetId), nullable: true, description: 'The API key id, model id (or public `provider/model`) or deployment id; omit for the workspace' })
  @IsOptional()
  @FollowsRule(BUDGET_RULES.scopeTargetId)
  targetId?: string | null;
}

export class BudgetLimitsDto {
  @ApiPropertyOptional({ ...ruleSchema(BUDGET_RULES.amount), nullable: true, example: 25, description: 'USD per period' })
  @IsOptional()
  @FollowsRule(BUDGET_RULES.amount)
  amount?: number | null;

  @ApiPropertyOptional({ ...ruleSchema(BUDGET_RULES.tokenLimit), nullable: true, example: 2_000_000, description: 'Input + output tokens per period' })
  @IsOptional()
  @FollowsRule(BUDGET_RULES.tokenLimit)
  tokenLimit?: number | null;

  @ApiPropertyOptional({ ...ruleSchema(BUDGET_RULES.requestsPerMinute), nullable: true, example: 600, description: 'Requests per UTC minute, whatever the period' })
  @IsOptional()
  @FollowsRule(BUDGET_RULES.requestsPerMinute)
  requestsPerMinute?: number | null;
}

export class BudgetAlertDto {
  @ApiProperty({ ...ruleSchema(BUDGET_RULES.alertThreshold), example: 80, description: 'Percent of the amount or token limit' })
  @FollowsRule(BUDGET_RULES.alertThreshold)
  threshold!: number;
}

function limitErrors(limits: BudgetLimitsDto | undefined, field = 'limits'): FieldError[] {
  if (limits === undefined) return [];
  const set = [limits.amount, limits.tokenLimit, limits.requestsPerMinute].some((value) => value !== undefined && value !== null);
  return set ? [] : [{ field, message: `${field} must set at least one of amount, tokenLimit, requestsPerMinute` }];
}

function alertErrors(alerts: BudgetAlertDto[] | undefined): FieldError[] {
  if (alerts === undefined) return [];
  const seen = new Set<number>();
  for (const [index, alert] of alerts.entries()) {
    if (seen.has(alert?.threshold)) return [{ field: `alerts[${index}].threshold`, message: `alerts[${index}].threshold repeats ${alert.threshold}` }];
    seen.add(alert?.threshold);
  }
  return [];
}

const ALERTS_DOC = `Thresholds in percent of the amount and token limits: BudgetThresholdReached is published once per period and threshold (at most ${BUDGET_LIMITS.maxAlerts})`;

/** `POST /v1/budgets`. */
export class CreateBudgetDto {
  @ApiProperty({ ...ruleSchema(BUDGET_RULES.name), example: 'Monthly cap' })
  @FollowsRule(BUDGET_RULES.name)
  name!: string;

  @ApiProperty({ type: BudgetScopeDto })
  @IsObject({ message: 'scope must be an object like {"kind": "workspace"}' })
  @ValidateNested()
  @Type(() => BudgetScopeDto)
  scope!: BudgetScopeDto;

  @ApiProperty({ ...ruleSchema(BUDGET_RULES.period), description: 'UTC calendar periods (weeks start on Monday); one_time never resets by itself' })
  @FollowsRule(BUDGET_RULES.period)
  period!: BudgetPeriod;

  @ApiProperty({ type: BudgetLimitsDto, description: 'At least one limit' })
  @IsObject({ message: 'limits must be an object like {"amount": 25}' })
  @ValidateNested()
  @Type(() => BudgetLimitsDto)
  limits!: BudgetLimitsDto;

  @ApiPropertyOptional({ type: [BudgetAlertDto], description: ALERTS_DOC })
  @IsOptional()
  @IsArray({ message: 'alerts must be a list like [{"threshold": 80}]' })
  @ArrayMaxSize(BUDGET_LIMITS.maxAlerts, { message: `alerts may hold at most ${BUDGET_LIMITS.maxAlerts} thresholds` })
  @ValidateNested({ each: true })
  @Type(() => BudgetAlertDto)
  alerts?: BudgetAlertDto[];

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean({ message: 'active must be true or false' })
  active?: boolean;

  @ApiPropertyOptional({ format: 'date-time', nullable: true, description: 'When the budget stops enforcing; omit for never' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'expiresAt must be an ISO-8601 date-time such as 2030-01-01T00:00:00Z' })
  expiresAt?: string | null;

  crossFieldErrors(): FieldError[] {
    const errors = [...limitErrors(this.limits), ...alertErrors(this.alerts)];
    const kind = this.scope?.kind;
    const target = this.scope?.targetId;
    if (kind === 'workspace' && target !== undefined && target !== null) errors.push({ field: 'scope.targetId', message: 'scope.targetId must be omitted for a workspace budget' });
    if (kind !== undefined && kind !== 'workspace' && (target === undefined || target === null)) {
      errors.push({ field: 'scope.targetId', message: `scope.targetId must name the ${kind.replace('_', ' ')} the budget applies to` });
    }
    return errors;
  }
}

/** `PATCH /v1/budgets/{id}`: the scope cannot change (create another budget). */
export class UpdateBudgetDto {
  @ApiPropertyOptional(ruleSchema(BUDGET_RULES.name))
  @IsOptional()
  @FollowsRule(BUDGET_RULES.name)
  name?: string;

  @ApiPropertyOptional(ruleSchema(BUDGET_RULES.period))
  @IsOptional()
  @FollowsRule(BUDGET_RULES.period)
  period?: BudgetPeriod;

  @ApiPropertyOptional({ type: BudgetLimitsDto, description: 'Replaces the limits whole; at least one limit' })
  @IsOptional()
  @IsObject({ message: 'limits must be an object like {"amount": 25}' })
  @ValidateNested()
  @Type(() => BudgetLimitsDto)
  limits?: BudgetLimitsDto;

  @ApiPropertyOptional({ type: [BudgetAlertDto], description: ALERTS_DOC })
  @IsOptional()
  @IsArray({ message: 'alerts must be a list like [{"threshold": 80}]' })
  @ArrayMaxSize(BUDGET_LIMITS.maxAlerts, { message: `alerts may hold at most ${BUDGET_LIMITS.maxAlerts} thresholds` })
  @ValidateNested({ each: true })
  @Type(() => BudgetAlertDto)
  alerts?: BudgetAlertDto[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean({ message: 'active must be true or false' })
  active?: boolean;

  @ApiPropertyOptional({ format: 'date-time', nullable: true, description: 'null: never expires' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'expiresAt must be an ISO-8601 date-time such as 2030-01-01T00:00:00Z' })
  expiresAt?: string | null;

  crossFieldErrors(): FieldError[] {
    return [...limitErrors(this.limits), ...alertErrors(this.alerts)];
  }
}

class BudgetScopeResponseDto implements BudgetScope {
  @ApiProperty({ enum: BUDGET_SCOPE_KINDS }) kind!: BudgetScopeKind;
  @ApiProperty({ type: String, nullable: true }) targetId!: string | null;
}

class BudgetLimitsResponseDto implements BudgetLimits {
  @ApiProperty({ type: Number, nullable: true }) amount!: number | null;
  @ApiProperty({ type: Number, nullable: true }) tokenLimit!: number | null;
  @ApiProperty({ type: Number, nullable: true }) requestsPerMinute!: number | null;
}

class BudgetAlertResponseDto implements BudgetAlert {
  @ApiProperty() threshold!: number;
}

class BudgetConsumptionResponseDto implements BudgetConsumption {
  @ApiProperty({ description: 'USD in the current period (since the last reset)' }) amount!: number;
  @ApiProperty() tokens!: number;
  @ApiProperty() requests!: number;
  @ApiProperty({ format: 'date-time' }) periodStart!: string;
  @ApiProperty({ type: String, nullable: true, format: 'date-time', description: 'null for one_time budgets' }) resetsAt!: string | null;
}

export class BudgetResponseDto implements BudgetView {
  @ApiProperty() id!: string;
  @ApiProperty() workspaceId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: BudgetScopeResponseDto }) scope!: BudgetScope;
  @ApiProperty({ enum: BUDGET_PERIODS }) period!: BudgetPeriod;
  @ApiProperty({ type: BudgetLimitsResponseDto }) limits!: BudgetLimits;
  @ApiProperty({ type: [BudgetAlertResponseDto] }) alerts!: BudgetAlert[];
  @ApiProperty() active!: boolean;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) expiresAt!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) resetAt!: string | null;
  @ApiProperty({ type: BudgetConsumptionResponseDto, description: 'From the durable ledger (the gateway\'s usage events), a few seconds behind at most' }) consumption!: BudgetConsumption;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class BudgetListResponseDto {
  @ApiProperty({ type: [BudgetResponseDto], description: 'Newest first' }) data!: BudgetView[];
}

export class BudgetThresholdEventResponseDto implements BudgetThresholdEventView {
  @ApiProperty() id!: string;
  @ApiProperty() budgetId!: string;
  @ApiProperty() budgetName!: string;
  @ApiProperty({ enum: ['amount', 'tokens'] }) metric!: 'amount' | 'tokens';
  @ApiProperty() threshold!: number;
  @ApiProperty() consumed!: number;
  @ApiProperty() limit!: number;
  @ApiProperty({ format: 'date-time' }) periodStart!: string;
  @ApiProperty({ format: 'date-time' }) reachedAt!: string;
}

export class BudgetThresholdEventListResponseDto {
  @ApiProperty({ type: [BudgetThresholdEventResponseDto], description: 'Newest first, at most 100' }) data!: BudgetThresholdEventView[];
}
