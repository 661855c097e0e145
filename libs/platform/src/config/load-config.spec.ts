import { IsBoolean, IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { ServiceConfig, WithGatewayServiceToken, WithKafka } from './common.config';
import { EnvVar } from './env-var.decorator';
import { ConfigValidationError, describeConfig, loadConfig } from './load-config';

class ExampleConfig extends WithGatewayServiceToken(WithKafka(ServiceConfig)) {
  @EnvVar({ description: 'port' })
  @IsInt()
  @Min(1)
  @Max(65535)
  EXAMPLE_PORT = 8080;

  @EnvVar({ description: 'flag' })
  @IsBoolean()
  EXAMPLE_FLAG = false;

  @EnvVar({ description: 'optional name' })
  @IsOptional()
  @IsString()
  EXAMPLE_NAME?: string;
}

const valid = { KAFKA_BROKERS: '127.0.0.1:9092, 127.0.0.1:9094', GATEWAY_SERVICE_TOKEN: 'a-service-token-of-length' };

describe('loadConfig', () => {
  it('converts numbers, booleans and lists from strings and keeps defaults', () => {
    const config = loadConfig(ExampleConfig, { ...valid, EXAMPLE_PORT: '9000', EXAMPLE_FLAG: 'true' });
    expect(config.EXAMPLE_PORT).toBe(9000);
    expect(config.EXAMPLE_FLAG).toBe(true);
    expect(config.KAFKA_BROKERS).toEqual(['127.0.0.1:9092', '127.0.0.1:9094']);
    expect(config.KAFKA_TOPIC_PARTITIONS).toBe(6);
    expect(config.LOG_LEVEL).toBe('info');
  });

  it('names every bad or missing variable in one error', () => {
    const run = () => loadConfig(ExampleConfig, { EXAMPLE_PORT: '80a', LOG_LEVEL: 'loud' });
    expect(run).toThrow(ConfigValidationError);
    try {
      run();
    } catch (error) {
      const problems = (error as ConfigValidationError).problems.join('\n');
      expect(problems).toContain('EXAMPLE_PORT (got "80a")');
      expect(problems).toContain('LOG_LEVEL (got "loud")');
      expect(problems).toContain('KAFKA_BROKERS (missing)');
      expect(problems).toContain('GATEWAY_SERVICE_TOKEN (missing)');
    }
  });

  it('never echoes a sensitive value', () => {
    expect(() => loadConfig(ExampleConfig, { ...valid, GATEWAY_SERVICE_TOKEN: 'short' })).toThrow(/GATEWAY_SERVICE_TOKEN \(value hidden\)/);
    expect(() => loadConfig(ExampleConfig, { ...valid, GATEWAY_SERVICE_TOKEN: 'short' })).not.toThrow(/short"/);
  });

  it('describes which variables are required', () => {
    const vars = Object.fromEntries(describeConfig(ExampleConfig).map((v) => [v.name, v]));
    expect(vars['KAFKA_BROKERS']!.required).toBe(true);
    expect(vars['GATEWAY_SERVICE_TOKEN']).toMatchObject({ required: true, sensitive: true });
    expect(vars['EXAMPLE_PORT']!.required).toBe(false);
    expect(vars['EXAMPLE_NAME']!.required).toBe(false);
  });
});
