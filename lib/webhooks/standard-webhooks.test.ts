import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { isWebhookSecret, newWebhookSecret, signWebhook, webhookHeaders } from './standard-webhooks';

// Our signer checked against the Standard Webhooks reference library (npm `standardwebhooks`): what it
// verifies is what any receiver using the spec's libraries accepts.

describe('Standard Webhooks signing', () => {
  it('produces headers the reference library verifies', () => {
    const secret = newWebhookSecret();
    const body = JSON.stringify({
      type: 'ticket.created',
      timestamp: '2026-12-04T01:00:00.000Z',
      data: { a: 1 },
    });
    const headers = webhookHeaders(secret, 'msg_2KWPBgLlAfxdpx2AI54pPJ85f4W', new Date(), body);
    expect(headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    const verified = new Webhook(secret).verify(body, headers);
    expect(verified).toEqual(JSON.parse(body));
  });

  it('signs exactly what the reference library signs', () => {
    const secret = newWebhookSecret();
    const at = new Date('2026-12-04T01:02:03.000Z');
    const body = '{"hello":"world"}';
    expect(signWebhook(secret, 'msg_abc', Math.floor(at.getTime() / 1000), body)).toBe(
      new Webhook(secret).sign('msg_abc', at, body),
    );
  });

  it('matches the spec test vector', () => {
    // The example of the Standard Webhooks specification (and its reference libraries' tests).
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const signature = signWebhook(secret, 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, '{"test": 2432232314}');
    expect(signature).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });

  it('is refused by the reference library when the body, id or secret differ', () => {
    const secret = newWebhookSecret();
    const body = '{"x":1}';
    const headers = webhookHeaders(secret, 'msg_one', new Date(), body);
    expect(() => new Webhook(secret).verify('{"x":2}', headers)).toThrow(WebhookVerificationError);
    expect(() => new Webhook(secret).verify(body, { ...headers, 'webhook-id': 'msg_two' })).toThrow(
      WebhookVerificationError,
    );
    expect(() => new Webhook(newWebhookSecret()).verify(body, headers)).toThrow(WebhookVerificationError);
  });

  it('generates distinct whsec_ secrets of 24 bytes and refuses anything else', () => {
    const a = newWebhookSecret();
    expect(isWebhookSecret(a)).toBe(true);
    expect(Buffer.from(a.slice(6), 'base64')).toHaveLength(24);
    expect(newWebhookSecret()).not.toBe(a);
    for (const bad of ['', 'whsec_', 'sk_live_abc', 'whsec_short', `whsec_${'!'.repeat(32)}`])
      expect(isWebhookSecret(bad)).toBe(false);
    expect(() => signWebhook('nope', 'msg_x', 1, '{}')).toThrow();
  });
});
