// Runs once when a Next.js server process starts: fail fast, in plain words, on bad configuration.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { checkStartup } = await import("./server/startup");
  await checkStartup();
}
