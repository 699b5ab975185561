// The JSONL line format: {"timestamp":"<UTC ISO, ms>","type":T,"payload":P}. Items are
// serialised when they are recorded, so an item that cannot be serialised is refused at
// the call that handed it, before anything of that call is queued.
import { InvalidItemError, UnserialisableItemError } from './errors';
import { ITEM_TYPES, type LineType, type RolloutItem } from './rollout-item';

export function isoTimestamp(epochMs: number): string {
  return new Date(epochMs).toISOString();
}

export function serialiseLine(timestamp: string, type: LineType, payload: unknown, index: number): string {
  let payloadJson: string | undefined;
  try {
    payloadJson = JSON.stringify(payload);
  } catch (err) {
    throw new UnserialisableItemError(index, err instanceof Error ? err.message : String(err));
  }
  if (payloadJson === undefined) {
    throw new UnserialisableItemError(index, `payload is ${typeof payload}, which JSON cannot represent`);
  }
  return `{"timestamp":${JSON.stringify(timestamp)},"type":"${type}","payload":${payloadJson}}\n`;
}

/** Checks the shape and serialises every item; throws on the first bad one. */
export function serialiseItems(items: readonly RolloutItem[], timestamp: string): string[] {
  if (!Array.isArray(items)) throw new InvalidItemError(0, 'recordItems expects an array of items');
  return items.map((item, index) => {
    if (item === null || typeof item !== 'object') throw new InvalidItemError(index, `got ${item === null ? 'null' : typeof item}`);
    if (!(ITEM_TYPES as readonly string[]).includes(item.type)) {
      throw new InvalidItemError(index, `type ${JSON.stringify(item.type)} is not one of ${ITEM_TYPES.join(', ')}`);
    }
    return serialiseLine(timestamp, item.type, item.payload, index);
  });
}
