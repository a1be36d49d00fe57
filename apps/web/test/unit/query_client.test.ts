import { MutationObserver, QueryObserver } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { makeQueryClient } from '~/trpc/query_client';

/** A query observed like a mounted list (active queries are refetched on invalidation). */
function watch(client: ReturnType<typeof makeQueryClient>, queryKey: readonly unknown[], log: string[]) {
  let answers = 0;
  const observer = new QueryObserver(client, {
    queryKey,
    // an answer that takes a while: the mutation must wait for it, not only start it
    queryFn: async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      answers += 1;
      log.push(`fetch ${JSON.stringify(queryKey)} #${answers}`);
      return answers;
    },
  });
  const unsubscribe = observer.subscribe(() => undefined);
  return { unsubscribe, answers: () => answers };
}

describe('makeQueryClient: invalidation a mutation declares', () => {
  it('refetches the queries its meta names (a path key matches every query below it) before its own onSuccess, and no other', async () => {
    const client = makeQueryClient();
    const log: string[] = [];
    const list = watch(client, [['network', 'topology', 'list'], { type: 'query' }], log);
    const routers = watch(client, [['network', 'routers', 'list'], { type: 'query' }], log);
    await client.refetchQueries();
    log.length = 0;

    const mutation = new MutationObserver(client, {
      mutationFn: async (name: string) => ({ name }),
      meta: { invalidates: [[['network', 'topology']]] },
      onSuccess: () => {
        log.push('onSuccess');
      },
    });
    await mutation.mutate('olt-1');

    expect(log).toEqual(['fetch [["network","topology","list"],{"type":"query"}] #2', 'onSuccess']);
    expect(routers.answers()).toBe(1);
    list.unsubscribe();
    routers.unsubscribe();
  });

  it('leaves every query alone when the mutation names none or fails', async () => {
    const client = makeQueryClient();
    const log: string[] = [];
    const list = watch(client, [['customers', 'list']], log);
    await client.refetchQueries();

    await new MutationObserver(client, { mutationFn: async () => 'ok' }).mutate();
    const failing = new MutationObserver(client, {
      mutationFn: async () => {
        throw new Error('refused');
      },
      meta: { invalidates: [[['customers']]] },
    });
    await expect(failing.mutate()).rejects.toThrow('refused');

    expect(list.answers()).toBe(1);
    list.unsubscribe();
  });
});
