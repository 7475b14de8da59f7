// PostgreSQL refuses to drop, copy or rename a database another session is in (55006), and the test
// role may not end other roles' sessions (42501). A closed pool's backends outlive its sockets by a
// moment, so both clear up on their own: try again until they do.
export async function retryWhileInUse(run: () => Promise<unknown>, codes: readonly string[] = ['55006'], attempts = 100): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await run();
      return;
    } catch (error) {
      if (!codes.includes((error as { code?: string }).code ?? '') || attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
