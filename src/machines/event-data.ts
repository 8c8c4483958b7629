/** The payload of an event without its `type`, for storing in context. */
export function dataOf<E extends { type: string }>(event: E): Omit<E, 'type'> {
  const { type: _type, ...data } = event;
  return data;
}
