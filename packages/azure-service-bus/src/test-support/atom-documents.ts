// Test equipment: the ATOM documents the Service Bus management endpoint answers with (api-version 2021-05),
// in the real service's shapes and XML namespaces, so that both @azure/service-bus and KEDA's Go admin client
// (azservicebus/admin) parse them.

/** The counts of one queue or subscription. Only `activeMessageCount` is what KEDA scales on. */
export interface EntityCounts {
  activeMessageCount: number;
  deadLetterMessageCount?: number;
  scheduledMessageCount?: number;
  transferMessageCount?: number;
  transferDeadLetterMessageCount?: number;
}

const ATOM = 'http://www.w3.org/2005/Atom';
const CONNECT = 'http://schemas.microsoft.com/netservices/2010/10/servicebus/connect';
const COUNTS = 'http://schemas.microsoft.com/netservices/2011/06/servicebus';
const INSTANCE = 'http://www.w3.org/2001/XMLSchema-instance';
const CREATED = '2024-01-01T00:00:00Z';

export const escapeXml = (text: string) =>
  text.replace(/[<>&'"]/g, (char) => `&${{ '<': 'lt', '>': 'gt', '&': 'amp', "'": 'apos', '"': 'quot' }[char]};`);

function countDetails(counts: EntityCounts): string {
  const item = (name: string, value: number | undefined) => `<d2p1:${name}>${value ?? 0}</d2p1:${name}>`;
  return (
    `<CountDetails xmlns:d2p1="${COUNTS}">` +
    item('ActiveMessageCount', counts.activeMessageCount) +
    item('DeadLetterMessageCount', counts.deadLetterMessageCount) +
    item('ScheduledMessageCount', counts.scheduledMessageCount) +
    item('TransferMessageCount', counts.transferMessageCount) +
    item('TransferDeadLetterMessageCount', counts.transferDeadLetterMessageCount) +
    '</CountDetails>'
  );
}

function total(counts: EntityCounts): number {
  return (
    counts.activeMessageCount +
    (counts.deadLetterMessageCount ?? 0) +
    (counts.scheduledMessageCount ?? 0) +
    (counts.transferMessageCount ?? 0) +
    (counts.transferDeadLetterMessageCount ?? 0)
  );
}

/** One `<entry>`: `base` is `https://host`, `path` the entity path (`orders`, `events/Subscriptions/workers`). */
export function entityEntry(base: string, path: string, kind: 'queue' | 'subscription', counts: EntityCounts): string {
  const title = path.split('/').at(-1) ?? path;
  const description = kind === 'queue' ? 'QueueDescription' : 'SubscriptionDescription';
  const url = escapeXml(`${base}/${path}?api-version=2021-05`);
  const times = `<CreatedAt>${CREATED}</CreatedAt><UpdatedAt>${CREATED}</UpdatedAt><AccessedAt>${CREATED}</AccessedAt>`;
  const body =
    kind === 'queue'
      ? `<LockDuration>PT1M</LockDuration><MaxSizeInMegabytes>1024</MaxSizeInMegabytes><SizeInBytes>0</SizeInBytes>` +
        `<MessageCount>${total(counts)}</MessageCount>${times}${countDetails(counts)}<Status>Active</Status>`
      : `<LockDuration>PT1M</LockDuration><MessageCount>${total(counts)}</MessageCount>${times}` +
        `${countDetails(counts)}<Status>Active</Status>`;
  return (
    `<entry xmlns="${ATOM}"><id>${url}</id><title type="text">${escapeXml(title)}</title>` +
    `<published>${CREATED}</published><updated>${CREATED}</updated><link rel="self" href="${url}"/>` +
    `<content type="application/xml"><${description} xmlns="${CONNECT}" xmlns:i="${INSTANCE}">${body}</${description}></content></entry>`
  );
}

/** A `<feed>` of entries; `next` (an absolute URL) when more pages follow. */
export function feed(selfUrl: string, title: string, entries: readonly string[], next?: string): string {
  const links =
    `<link rel="self" href="${escapeXml(selfUrl)}"/>` +
    (next === undefined ? '' : `<link rel="next" href="${escapeXml(next)}"/>`);
  return (
    `<?xml version="1.0" encoding="utf-8"?><feed xmlns="${ATOM}"><title type="text">${escapeXml(title)}</title>` +
    `<id>${escapeXml(selfUrl)}</id><updated>${CREATED}</updated>${links}${entries.join('')}</feed>`
  );
}

/** What the service answers for an entity that does not exist: 200 with a feed that has no entry. */
export function emptyFeed(): string {
  return (
    `<?xml version="1.0" encoding="utf-8"?><feed xmlns="${ATOM}"><title type="text">Publicly Listed Services</title>` +
    `<subtitle type="text">This is the list of publicly-listed services currently available.</subtitle>` +
    `<id>uuid:00000000-0000-0000-0000-000000000000;id=1</id><updated>${CREATED}</updated><generator>Service Bus 1.1</generator></feed>`
  );
}

/** An error body as the service sends it with a non-2xx status. */
export function errorDocument(code: number, detail: string): string {
  return `<Error><Code>${code}</Code><Detail>${escapeXml(detail)}</Detail></Error>`;
}
