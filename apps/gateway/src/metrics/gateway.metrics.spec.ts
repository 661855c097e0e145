import { MetricsService } from '@model-garden/platform';
import { GatewayMetrics } from './gateway.metrics';

describe('GatewayMetrics', () => {
  it("prints each endpoint's series, resolved once, and its in-flight count when scraped", async () => {
    const service = new MetricsService();
    const metrics = new GatewayMetrics(service);
    const chat = metrics.endpoint('chat.completions');
    expect(metrics.endpoint('chat.completions')).toBe(chat);
    chat.inFlight += 2;
    chat.answer(200, 0.002);
    chat.answer(200, 0.02);
    chat.answer(502, 0.3);
    chat.upstreamCall('200', 0.001);
    metrics.countTokens('input', false, 10);
    metrics.countTokens('output', true, 4);
    chat.inFlight -= 1;
    const text = await service.registry.metrics();
    expect(text).toContain('model_garden_gateway_requests_total{endpoint="chat.completions",status="200"} 2');
    expect(text).toContain('model_garden_gateway_requests_total{endpoint="chat.completions",status="502"} 1');
    expect(text).toContain('model_garden_gateway_request_duration_seconds_bucket{le="0.0025",endpoint="chat.completions",status="200"} 1');
    expect(text).toContain('model_garden_gateway_request_duration_seconds_count{endpoint="chat.completions",status="200"} 2');
    expect(text).toContain('model_garden_gateway_upstream_duration_seconds_sum{endpoint="chat.completions",status="200"} 0.001');
    expect(text).toContain('model_garden_gateway_requests_in_flight{endpoint="chat.completions"} 1');
    expect(text).toContain('model_garden_gateway_tokens_total{direction="input",estimated="false"} 10');
    expect(text).toContain('model_garden_gateway_tokens_total{direction="output",estimated="true"} 4');
    expect(text).not.toContain('estimated="true"} 10');
  });
});
