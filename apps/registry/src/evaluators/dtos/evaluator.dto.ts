import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { EVALUATOR_TYPES, type EvaluatorType, type EvaluatorView } from '@model-garden/contracts';
import { IsIn, IsObject, IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';

const HAS_TEXT = /\S/;
const CONFIG_DOC =
  'Settings of the type. exact_match: {caseSensitive?}. contains: {mode: any|all|none, values: [..], caseSensitive?}. regex: {pattern, flags?}. valid_json: {}. json_schema: {schema}. levenshtein: {passThreshold?, caseSensitive?}. length: {min?, max?} (characters). cosine_similarity: {model: an embedding model, passThreshold?}. llm_judge: {model: a chat model, rubric with {{input}} {{output}} {{expected}}, scale: {type: numeric, min, max} | {type: pass_fail}, passThreshold?}.';

/** `POST /v1/evaluators`. */
export class CreateEvaluatorDto {
  @ApiProperty({ minLength: 1, maxLength: 100, example: 'Answer names the capital' })
  @IsString({ message: 'name must be a string' })
  @Length(1, 100, { message: 'name must be 1 to 100 characters' })
  @Matches(HAS_TEXT, { message: 'name must not be blank' })
  name!: string;

  @ApiPropertyOptional({ maxLength: 1000, nullable: true })
  @IsOptional()
  @IsString({ message: 'description must be a string' })
  @MaxLength(1000, { message: 'description must be at most 1000 characters' })
  description?: string | null;

  @ApiProperty({ enum: EVALUATOR_TYPES })
  @IsIn(EVALUATOR_TYPES, { message: `type must be one of: ${EVALUATOR_TYPES.join(', ')}` })
  type!: EvaluatorType;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: CONFIG_DOC, example: { mode: 'any', values: ['Paris'] } })
  @IsOptional()
  @IsObject({ message: 'config must be an object' })
  config?: Record<string, unknown>;
}

/** `PATCH /v1/evaluators/{id}`: the type cannot change; a new config replaces the old one whole. */
export class UpdateEvaluatorDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: 100 })
  @IsOptional()
  @IsString({ message: 'name must be a string' })
  @Length(1, 100, { message: 'name must be 1 to 100 characters' })
  @Matches(HAS_TEXT, { message: 'name must not be blank' })
  name?: string;

  @ApiPropertyOptional({ maxLength: 1000, nullable: true })
  @IsOptional()
  @IsString({ message: 'description must be a string' })
  @MaxLength(1000, { message: 'description must be at most 1000 characters' })
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
