import { getServerSession } from "next-auth";
import { redirect } from "next/navigation";
import { authOptions } from "@/server/auth/options";
import { safeReturnPath } from "@/server/domain/return-path";
import { SignInForm } from "./sign-in-form";

export const dynamic = "force-dynamic";

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string; expired?: string }> }) {
  const session = await getServerSession(authOptions);
  const { callbackUrl, expired } = await searchParams;
  // Only same-site paths: never bounce a user to another origin after sign-in ("/\\host" is one too).
  const target = safeReturnPath(callbackUrl) ?? "/inbox";
  if (session) redirect(target);
  return (
    <main className="mx-auto flex min-h-dvh max-w-sm flex-col justify-center px-4">
      <h1 className="mb-1 text-2xl font-semibold">CAIO Swarm</h1>
      <p className="mb-6 text-sm text-slate-600">Sign in to review drafts and run the pipeline.</p>
      {expired ? (
        <p role="status" className="mb-4 rounded border border-amber-300 bg-amber-50 p-3 text-sm">
          You are signed out. Sign in to continue.
        </p>
      ) : null}
      <SignInForm callbackUrl={target} />
    </main>
  );
}
