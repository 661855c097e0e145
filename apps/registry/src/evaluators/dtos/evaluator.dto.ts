import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { EVALUATOR_RULES, EVALUATOR_TYPES, type EvaluatorType, type EvaluatorView, ruleSchema } from '@model-garden/contracts';
import { IsObject, IsOptional } from 'class-validator';
import { FollowsRule } from '../../shared/validation.util';

const CONFIG_DOC =
  'Settings of the type. exact_match: {caseSensitive?}. contains: {mode: any|all|none, values: [..], caseSensitive?}. regex: {pattern, flags?}. valid_json: {}. json_schema: {schema}. levenshtein: {passThreshold?, caseSensitive?}. length: {min?, max?} (characters). cosine_similarity: {model: an embedding model, passThreshold?}. llm_judge: {model: a chat model, rubric with {{input}} {{output}} {{expected}}, scale: {type: numeric, min, max} | {type: pass_fail}, passThreshold?}.';

/** `POST /v1/evaluators`. */
export class CreateEvaluatorDto {
  @ApiProperty({ ...ruleSchema(EVALUATOR_RULES.name), example: 'Answer names the capital' })
  @FollowsRule(EVALUATOR_RULES.name)
  name!: string;

  @ApiPropertyOptional({ ...ruleSchema(EVALUATOR_RULES.description), nullable: true })
  @IsOptional()
  @FollowsRule(EVALUATOR_RULES.description)
  description?: string | null;

  @ApiProperty(ruleSchema(EVALUATOR_RULES.type))
  @FollowsRule(EVALUATOR_RULES.type)
  type!: EvaluatorType;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: CONFIG_DOC, example: { mode: 'any', values: ['Paris'] } })
  @IsOptional()
  @IsObject({ message: 'config must be an object' })
  config?: Record<string, unknown>;
}

/** `PATCH /v1/evaluators/{id}`: the type cannot change; a new config replaces the old one whole. */
export class UpdateEvaluatorDto {
  @ApiPropertyOptional(ruleSchema(EVALUATOR_RULES.name))
  @IsOptional()
  @FollowsRule(EVALUATOR_RULES.name)
  name?: string;

  @ApiPropertyOptional({ ...ruleSchema(EVALUATOR_RULES.description), nullable: true })
  @IsOptional()
  @FollowsRule(EVALUATOR_RULES.description)
  description?: string | null;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: CONFIG_DOC })
  @IsOptional()
  @IsObject({ message: 'config must be an object' })
  config?: Record<string, unknown>;
}

export class EvaluatorResponseDto {
  @ApiProperty({ description: 'A UUID, or a builtin.* id' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ nullable: true, type: String }) description!: string | null;
  @ApiProperty({ enum: EVALUATOR_TYPES }) type!: EvaluatorType;
  @ApiProperty({ type: 'object', additionalProperties: true }) config!: Record<string, unknown>;
  @ApiProperty() builtIn!: boolean;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}

export class EvaluatorListResponseDto {
  @ApiProperty({ type: [EvaluatorResponseDto], description: 'Built-ins first, then the workspace\'s, newest first' }) data!: EvaluatorView[];
}
