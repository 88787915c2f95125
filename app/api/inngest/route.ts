import { functions } from "@/inngest/functions";
import { createInngestHandler } from "@/inngest/serve";

// The SDK endpoint: in-band sync (PUT), calls (POST), introspection (GET). Every request is
// signature-checked by the SDK with INNGEST_SIGNING_KEY.
export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const { GET, POST, PUT } = createInngestHandler(functions);
