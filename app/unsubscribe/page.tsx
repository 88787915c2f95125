import { verifyUnsubscribeToken } from "@/server/features/drafting/compose-email";

export const dynamic = "force-dynamic";

export default async function UnsubscribePage({ searchParams }: { searchParams: Promise<{ c?: string; t?: string; done?: string; invalid?: string }> }) {
  const { c = "", t = "", done, invalid } = await searchParams;
  const valid = !!c && !!t && verifyUnsubscribeToken(c, t);
  return (
    <main className="mx-auto flex min-h-dvh max-w-md flex-col justify-center px-4">
      <div className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
        {done ? (
          <>
            <h1 className="text-xl font-semibold">You are unsubscribed</h1>
            <p className="mt-2 text-sm text-slate-600">We will not e-mail you again. This took effect immediately.</p>
          </>
        ) : invalid || !valid ? (
          <>
            <h1 className="text-xl font-semibold">This unsubscribe link is not valid</h1>
            <p className="mt-2 text-sm text-slate-600">It may have been cut off or changed. Use the link from the e-mail exactly as it was, or reply to the e-mail and ask us to stop.</p>
          </>
        ) : (
          <form method="post" action="/api/unsubscribe">
            <h1 className="text-xl font-semibold">Unsubscribe?</h1>
            <p className="mt-2 text-sm text-slate-600">You will not receive any more e-mails from us.</p>
            <input type="hidden" name="c" value={c} />
            <input type="hidden" name="t" value={t} />
            <input type="hidden" name="confirm" value="1" />
            <button type="submit" className="mt-4 w-full rounded bg-indigo-600 px-4 py-2 font-medium text-white">Unsubscribe me</button>
          </form>
        )}
      </div>
    </main>
  );
}
