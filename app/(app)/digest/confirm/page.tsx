import { ConfirmView } from "./confirm-view";

/** The page a one-click link opens: it shows what the link would do; only its POST button acts. */
export default async function ConfirmPage({ searchParams }: { searchParams: Promise<{ token?: string }> }) {
  const { token } = await searchParams;
  return <ConfirmView token={typeof token === "string" ? token.slice(0, 2048) : ""} />;
}
