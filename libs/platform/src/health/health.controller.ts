import { Controller, Get, HttpCode, Res } from '@nestjs/common';
import { type FastifyReply } from 'fastify';
import { HealthService } from './health.service';

/** Not in the registry's OpenAPI document (its docs leave /health out): @nestjs/swagger is not loaded by services that serve no docs. */
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  /** The process is alive and its event loop answers. */
  @Get('live')
  @HttpCode(200)
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /**
   * Every dependency answers: 200 `{"status":"ok"}`, else 503 `{"status":"unavailable"}`.
   * No dependency names, latencies or error text here (this is the public port): the
   * detailed report is on the internal listener's `/health/ready`.
   */
  @Get('ready')
  async ready(@Res() reply: FastifyReply): Promise<void> {
    const report = await this.health.readiness();
    await reply.status(report.status === 'ok' ? 200 : 503).send({ status: report.status });
  }
}
