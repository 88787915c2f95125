import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { csrfRefusal } from "@/server/trpc/csrf";
import { createContext } from "@/server/trpc/context";
import { appRouter } from "@/server/trpc/root";

async function handler(req: Request) {
  const refusal = csrfRefusal(req, process.env.NEXTAUTH_URL);
  if (refusal) {
    return Response.json({ error: { message: refusal, data: { code: "FORBIDDEN", httpStatus: 403 } } }, { status: 403 });
  }
  return fetchRequestHandler({ endpoint: "/api/trpc", req, router: appRouter, createContext });
}

export { handler as GET, handler as POST };
