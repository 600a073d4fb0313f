import type { Probot } from "probot";

let next = 0;

/** Hands a payload to Probot as a webhook delivery (a fresh delivery id unless one is given). */
export async function deliver(
  probot: Probot,
  name: string,
  payload: Record<string, unknown>,
  id = `delivery-${++next}`,
): Promise<void> {
  await probot.receive({ id, name, payload } as unknown as Parameters<Probot["receive"]>[0]);
}
