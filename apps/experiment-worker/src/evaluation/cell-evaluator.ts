import { Injectable } from '@nestjs/common';
import { type EvaluatorScore, type LlmJudgeConfig } from '@model-garden/contracts';
import { GatewayCallError, GatewayClient } from '../infrastructure/gateway.client';
import { type PlannedEvaluator } from '../infrastructure/run-contexts';
import { cannotJudge, contains, cosineScore, exactMatch, jsonSchema, type Judged, length, levenshtein, regex, validJson, type Verdict } from './function-evaluators.util';
import { parseVerdict, renderRubric, scaleInstruction, verdictSchema } from './judge-verdict.util';

/** What the evaluators of one cell judge. */
export interface CellToJudge extends Judged {
  /** The prompt as the judge sees it in `{{input}}`. */
  input: string;
}

/**
 * Runs a cell's evaluators. Functions run here; cosine similarity embeds the answer and
 * the expected output, and the LLM judge asks its chat model, both through the gateway
 * with the run's key. A model error makes that evaluator's verdict an error (never a
 * zero); a platform failure (gateway unreachable) is thrown, so the job is retried.
 */
@Injectable()
export class CellEvaluator {
  constructor(private readonly gateway: GatewayClient) {}

  async evaluate(evaluators: readonly PlannedEvaluator[], cell: CellToJudge, apiKey: string): Promise<EvaluatorScore[]> {
    const scores: EvaluatorScore[] = [];
    for (const evaluator of evaluators) {
      scores.push({ evaluatorId: evaluator.id, ...(await this.one(evaluator, cell, apiKey)) });
    }
    return scores;
  }

  private async one(evaluator: PlannedEvaluator, cell: CellToJudge, apiKey: string): Promise<Verdict> {
    switch (evaluator.type) {
      case 'exact_match':
        return exactMatch(cell, evaluator.config);
      case 'contains':
        return contains(cell, evaluator.config);
      case 'regex':
        return regex(cell, evaluator.config);
      case 'valid_json':
        return validJson(cell);
      case 'json_schema':
        return jsonSchema(cell, evaluator.config);
      case 'levenshtein':
        return levenshtein(cell, evaluator.config);
      case 'length':
        return length(cell, evaluator.config);
      case 'cosine_similarity':
        return this.viaGateway(async () => {
          if (cell.expected === null) return cannotJudge('The datapoint has no expected output to compare with.');
          if (cell.output.trim() === '' || cell.expected.trim() === '') return cannotJudge('The answer or the expected output is empty: there is nothing to embed.');
          const [a, b] = await this.gateway.embed(apiKey, evaluator.config.model, [cell.output, cell.expected]);
          const score = Math.round(cosineScore(a!, b!) * 1e6) / 1e6;
          const threshold = evaluator.config.passThreshold ?? 0.8;
          return { score, passed: score >= threshold, reason: `Cosine similarity ${score.toFixed(3)} to the expected output (passes at ${threshold}).`, error: null };
        });
      case 'llm_judge':
        return this.viaGateway(() => this.judge(evaluator.config, cell, apiKey));
    }
  }

  private async judge(config: LlmJudgeConfig, cell: CellToJudge, apiKey: string): Promise<Verdict> {
    const prompt = `${renderRubric(config.rubric, { input: cell.input, output: cell.output, expected: cell.expected })}\n\n${scaleInstruction(config.scale)}`;
    const body = { model: config.model, messages: [{ role: 'user', content: prompt }], temperature: 0 };
    let answer: string;
    try {
      answer = await this.gateway.chat(apiKey, { ...body, response_format: { type: 'json_schema', json_schema: { name: 'verdict', strict: true, schema: verdictSchema(config.scale) } } });
    } catch (error) {
      // A judge model without structured output answers in plain JSON text instead.
      if (!(error instanceof GatewayCallError) || error.status !== 400 || !/response_format|capability/i.test(`${error.error.code} ${error.error.message}`)) throw error;
      answer = await this.gateway.chat(apiKey, body);
    }
    return parseVerdict(answer, config.scale, config.passThreshold ?? 0.5);
  }

  private async viaGateway(call: () => Promise<Verdict>): Promise<Verdict> {
    try {
      return await call();
    } catch (error) {
      if (error instanceof GatewayCallError && !error.retryable && !error.credentialRefused) return cannotJudge(`The evaluator's model call failed: ${error.error.code}: ${error.error.message}`);
      if (error instanceof Error && !(error instanceof GatewayCallError)) return cannotJudge(`The evaluator failed: ${error.message}`);
      throw error;
    }
  }
}
