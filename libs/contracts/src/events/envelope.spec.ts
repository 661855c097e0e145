import { createEnvelope, parseEnvelope } from './envelope';
import { EVENT_TYPES } from './event-types';

describe('event envelope', () => {
  it('round-trips through JSON with CloudEvents fields', () => {
    const event = createEnvelope(EVENT_TYPES.modelAdded, '/model-garden/registry', 'model-1', { revision: 1 });
    expect(event).toMatchObject({ specversion: '1.0', type: 'model-garden.model.added', subject: 'model-1', datacontenttype: 'application/json' });
    expect(event.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(parseEnvelope(Buffer.from(JSON.stringify(event)))).toEqual({ ok: true, event });
  });

  it.each([
    [null, 'empty message value'],
    ['not json', 'message value is not JSON'],
    ['42', 'message value is not an object'],
    [JSON.stringify({ specversion: '1.0', id: 'x', type: 't', source: 's', time: 't' }), 'envelope field "subject" is missing or not a string'],
    [JSON.stringify({ specversion: '0.3', id: 'x', type: 't', source: 's', time: 't', subject: 'm', data: {} }), 'envelope specversion must be "1.0"'],
    [JSON.stringify({ specversion: '1.0', id: 'x', type: 't', source: 's', time: 't', subject: 'm' }), 'envelope field "data" is missing'],
  ])('refuses %j: %s', (raw, reason) => {
    expect(parseEnvelope(raw)).toEqual({ ok: false, reason });
  });
});
