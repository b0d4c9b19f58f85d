// TLS against the broker's AMQPS and HTTPS listeners (scripts/services/rabbitmq.sh): a CA from `ca`, a client
// certificate for SASL EXTERNAL (an encrypted key with keyPassword too), unsafeSsl, and the errors of a wrong CA.
import { ScalerError, type TriggerInput } from '@scalerkit/core';
import { describeWithService } from '@scalerkit/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { rabbitmqScaler } from './rabbitmq-scaler.js';
import { adminChannel, broker, eventually, tlsFile, uniqueName } from './test-broker.js';
import { pollOnce, testContext } from './test-support.js';

async function poll(metadata: Record<string, string>, authParams: Record<string, string>) {
  const input: TriggerInput = { metadata, authParams };
  const scaler = rabbitmqScaler.create(rabbitmqScaler.parse(input), testContext(3000));
  try {
    return await pollOnce(scaler);
  } catch (error) {
    return error as ScalerError;
  } finally {
    await scaler.close();
  }
}

describeWithService('rabbitmq-tls', broker.amqpsUrl, 'rabbitmq scaler over TLS', () => {
  const queue = uniqueName('tls');
  let admin: Awaited<ReturnType<typeof adminChannel>>;
  let ca: string;
  let otherCa: string;
  beforeAll(async () => {
    admin = await adminChannel();
    await admin.queue(queue);
    await admin.publish(queue, 2);
    ca = tlsFile('ca.pem');
    otherCa = tlsFile('other-ca.pem');
  });
  afterAll(async () => {
    await admin?.channel.deleteQueue(queue).catch(() => undefined);
    await admin?.close();
  });
  const credentials = () => ({ username: broker.username, password: broker.password });

  it('reads the queue over AMQPS with the CA from `ca` and PLAIN credentials', async () => {
    expect(await poll({ queueName: queue, host: broker.amqpsUrl }, { tls: 'enable', ca, ...credentials() })).toEqual({
      value: 2,
      isActive: true,
    });
  });

  it('logs in with SASL EXTERNAL from a client certificate when no password is given (as KEDA picks it)', async () => {
    const material = { tls: 'enable', ca, cert: tlsFile('client.pem') };
    expect(
      await poll({ queueName: queue, host: broker.amqpsUrl }, { ...material, key: tlsFile('client.key') }),
    ).toEqual({
      value: 2,
      isActive: true,
    });
    const encrypted = { key: tlsFile('client-encrypted.key'), keyPassword: 'client-key-secret' };
    expect(await poll({ queueName: queue, host: broker.amqpsUrl }, { ...material, ...encrypted })).toEqual({
      value: 2,
      isActive: true,
    });
  });

  it('refuses a broker certificate from another CA with a TLS hint, unless unsafeSsl', async () => {
    const refused = await poll(
      { queueName: queue, host: broker.amqpsUrl },
      { tls: 'enable', ca: otherCa, ...credentials() },
    );
    expect(ScalerError.isInstance(refused)).toBe(true);
    expect((refused as ScalerError).code).toBe('CONNECTION_ERROR');
    expect((refused as ScalerError).message).toContain('give the CA that signed it in "ca"');
    expect((refused as ScalerError).message).not.toContain(broker.password);
    const unsafe = await poll(
      { queueName: queue, host: broker.amqpsUrl, unsafeSsl: 'true' },
      { tls: 'enable', ca: otherCa, ...credentials() },
    );
    expect(unsafe).toEqual({ value: 2, isActive: true });
  });

  it('reads the management API over HTTPS with `ca`, or with unsafeSsl and no TLS material', async () => {
    const host = `${broker.managementTlsUrl}/`;
    const metadata = { queueName: queue, host };
    // The management API's counts follow the broker every 500 ms: poll until they show the 2 messages.
    const settled = (input: Record<string, string>, authParams: Record<string, string>) =>
      eventually(
        async () => {
          const outcome = await poll(input, authParams);
          return ScalerError.isInstance(outcome) ? outcome.message : outcome;
        },
        { value: 2, isActive: true },
      );
    expect(await settled(metadata, { tls: 'enable', ca, ...credentials() })).toEqual({ value: 2, isActive: true });
    expect(await settled({ ...metadata, unsafeSsl: 'true' }, credentials())).toEqual({ value: 2, isActive: true });
    const untrusted = (await poll(metadata, credentials())) as ScalerError;
    expect(untrusted.code).toBe('CONNECTION_ERROR');
    expect(untrusted.message).toContain('TLS');
  });

  it('fails at creation for a key that does not load, naming the parameter and never showing it', () => {
    const config = rabbitmqScaler.parse({
      metadata: { queueName: queue, host: broker.amqpsUrl },
      authParams: { tls: 'enable', cert: tlsFile('client.pem'), key: 'not-a-key-Secret' },
    });
    let caught: unknown;
    try {
      rabbitmqScaler.create(config, testContext());
    } catch (error) {
      caught = error;
    }
    expect((caught as { parameter?: string }).parameter).toBe('key');
    expect((caught as Error).message).not.toContain('not-a-key-Secret');
  });
});
