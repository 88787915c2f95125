export function SignedOutNotice({ signInHref }: { signInHref: string }) {
  return (
    <div role="alert" className="border-b border-amber-300 bg-amber-50 px-4 py-3 text-center text-sm">
      You are signed out, so nothing here can be trusted to be current.{" "}
      <a href={signInHref} className="font-medium text-indigo-700 underline">Sign in again</a>
    </div>
  );
}
